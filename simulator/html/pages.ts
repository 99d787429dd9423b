import { escapeHtml as e } from "./escape-html";

// Exact's login and consent screens as the seed's manual shows them (seed README, part 1):
// login with "Gebruikersnaam", "Wachtwoord" and a "Login" button; consent with the sentence
// "<app> heeft uw permissie nodig om toegang te krijgen tot de gegevens van uw Exact Online
// omgeving (<user>)", an "Uitloggen" link and the buttons "Weigeren" and "Toestaan".
// Plain server-rendered HTML, no JavaScript.

const STYLE = `
body{font-family:Segoe UI,Arial,sans-serif;background:#f2f4f7;margin:0;color:#1d2939}
header{background:#e3001b;color:#fff;padding:12px 24px;font-weight:600;letter-spacing:.02em}
main{max-width:420px;margin:48px auto;background:#fff;border:1px solid #d0d5dd;border-radius:6px;padding:28px}
h1{font-size:20px;margin:0 0 20px}
label{display:block;font-size:14px;margin:14px 0 4px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;border:1px solid #98a2b3;border-radius:4px;font-size:15px}
button{margin-top:20px;padding:9px 18px;border-radius:4px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;font-size:15px;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;margin-right:8px}
.error{background:#fef3f2;border:1px solid #fda29b;color:#b42318;padding:8px 12px;border-radius:4px}
.who{font-size:14px;color:#475467}
footer{text-align:center;font-size:12px;color:#98a2b3}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} - Exact Online</title><style>${STYLE}</style></head>
<body><header>Exact Online</header><main>${body}</main>
<footer>Exact Online simulator</footer></body>
</html>`;
}

export function loginPage(options: { action: string; requestId: string; userName?: string; error?: string }): string {
  const error = options.error ? `<p class="error" role="alert">${e(options.error)}</p>` : "";
  return layout(
    "Inloggen",
    `<h1>Inloggen</h1>${error}
<form method="post" action="${e(options.action)}">
<input type="hidden" name="request" value="${e(options.requestId)}">
<label for="username">Gebruikersnaam</label>
<input type="text" id="username" name="username" autocomplete="username" value="${e(options.userName ?? "")}" required>
<label for="password">Wachtwoord</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Login</button>
</form>`,
  );
}

export function consentPage(options: {
  action: string;
  logoutHref: string;
  requestId: string;
  appName: string;
  userName: string;
}): string {
  const { appName, userName } = options;
  return layout(
    "Toegang verlenen",
    `<h1>Toegang verlenen</h1>
<p>${e(appName)} heeft uw permissie nodig om toegang te krijgen tot de gegevens van uw Exact Online omgeving (${e(userName)})</p>
<p class="who">Ingelogd als <strong>${e(userName)}</strong> · <a href="${e(options.logoutHref)}">Uitloggen</a></p>
<form method="post" action="${e(options.action)}">
<input type="hidden" name="request" value="${e(options.requestId)}">
<button type="submit" class="secondary" name="decision" value="deny">Weigeren</button>
<button type="submit" name="decision" value="allow">Toestaan</button>
</form>`,
  );
}

/** An error page that redirects nowhere (unknown client, wrong redirect URI, stale request). */
export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${e(title)}</h1><p class="error" role="alert">${e(message)}</p>`);
}

/** A plain message (after "Uitloggen" without a pending request). */
export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${e(title)}</h1><p>${e(message)}</p>`);
}

export function indexPage(sites: { site: string; href: string }[]): string {
  const items = sites.map((s) => `<li>${e(s.site)}: <code>${e(s.href)}</code></li>`).join("");
  return layout(
    "Simulator",
    `<h1>Exact Online simulator</h1><p>Sites (authorize at <code>/{site}/api/oauth2/auth</code>):</p><ul>${items}</ul>`,
  );
}
