import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { listUsers } from "@/lib/data/users";
import { requireAdmin } from "@/lib/guards/require-user";
import { UsersScreen } from "./_components/users-screen";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("title") };
}

export default async function UsersPage() {
  const me = await requireAdmin();
  const [t, users] = await Promise.all([getTranslations("users"), listUsers()]);
  return (
    <>
      <PageHeader title={t("title")} intro={t("intro")} />
      <UsersScreen
        currentUserId={me.id}
        users={users.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          role: u.role,
          disabled: u.disabled,
          mustChangePassword: u.mustChangePassword,
          lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
        }))}
      />
    </>
  );
}
