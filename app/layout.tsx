import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { ShellMessages } from "@/lib/i18n/client-messages";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Koppeling", template: "%s · Koppeling" },
  description: "Koppelingen met Exact Online beheren",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {/* The client messages every page has; each page adds its own (lib/i18n/client-messages.tsx). */}
        <ShellMessages>{children}</ShellMessages>
      </body>
    </html>
  );
}
