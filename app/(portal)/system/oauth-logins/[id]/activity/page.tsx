import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ExactActivityPage } from "@/app/(portal)/system/_components/exact-activity-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activity"))("title") };
}

/** Activiteit of one OAuth login: its calls to Exact (admins), its health summary (team leads). */
export default function OAuthLoginActivityPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <ExactActivityPage of="login" {...props} />;
}
