import { handlers } from "@/lib/guards/next-auth";

export const { GET, POST } = handlers;
