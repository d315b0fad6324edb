// A local stand-in for the SMS (MessageBird-shaped) and WhatsApp (Cloud
// API-shaped) providers, started by playwright.config.ts: it accepts what
// the app sends, answers with a provider id as the real ones do, and lists
// what it got at GET /sent for the tests. It also stands in for a partner's
// webhook receiver: POST /webhook is kept with its headers, listed at GET
// /hooks. Nothing leaves the machine.
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const sent = [];
const hooks = [];

createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const answer = (status, json) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.method === 'GET' && req.url === '/hooks') return answer(200, hooks);
    if (req.method === 'GET') return answer(200, sent);
    if (req.url === '/webhook') {
      hooks.push({
        eventId: req.headers['chargecars-event-id'] ?? null,
        signature: req.headers['chargecars-signature'] ?? null,
        body,
      });
      return answer(200, { received: true });
    }
    let m;
    try {
      m = JSON.parse(body);
    } catch {
      return answer(400, { error: 'not json' });
    }
    if (req.url === '/messages') {
      if (!String(req.headers.authorization).startsWith('AccessKey ')) return answer(401, {});
      const id = `mb-${sent.length + 1}`;
      sent.push({ id, channel: 'sms', to: `+${m.recipients[0]}`, body: m.body, at: new Date().toISOString() });
      return answer(201, { id });
    }
    if (/^\/[^/]+\/messages$/.test(req.url)) {
      if (!String(req.headers.authorization).startsWith('Bearer ')) return answer(401, {});
      const id = `wamid.${sent.length + 1}`;
      const text = m.type === 'text' ? m.text.body : m.template.components[0].parameters[0].text;
      sent.push({ id, channel: 'whatsapp', to: `+${m.to}`, body: text, template: m.template?.name ?? null, at: new Date().toISOString() });
      return answer(200, { messages: [{ id }] });
    }
    return answer(404, {});
  });
}).listen(port, '127.0.0.1');
