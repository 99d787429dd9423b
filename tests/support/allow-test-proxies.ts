// The tests' proxies (proxy-chain and small CONNECT servers) listen on 127.0.0.1, which the
// proxy guard refuses unless the operator allows it; the tests are that operator. Tests of
// the guard itself set PROXY_ALLOWED_HOSTS as they need.
process.env.PROXY_ALLOWED_HOSTS ??= "127.0.0.1";
// The same for the webhook receivers the notification tests start on 127.0.0.1.
process.env.WEBHOOK_ALLOWED_HOSTS ??= "127.0.0.1";
