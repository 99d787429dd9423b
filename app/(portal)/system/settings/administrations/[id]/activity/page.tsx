import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ExactActivityPage } from "@/app/(portal)/system/_components/exact-activity-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activity"))("title") };
}

/** Activiteit of one administration: its calls to Exact (admins), its health summary (team leads). */
export default function AdministrationActivityPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <ExactActivityPage of="administration" {...props} />;
}
