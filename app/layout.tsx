import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { ClientMessages } from "@/lib/i18n/client-messages";
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
        {/* The shell's client parts (header, language switch, menu); each page adds its own. */}
        <ClientMessages paths={["header", "nav"]}>{children}</ClientMessages>
      </body>
    </html>
  );
}
