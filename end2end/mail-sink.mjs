// A real SMTP server for the browser tests: both test servers deliver their outbox to it, and the
// tests read what arrived over HTTP (GET /messages?to=ADDRESS), as a person reads their inbox.
// It speaks enough of RFC 5321 for lettre and decodes the bodies lettre writes (7bit,
// quoted-printable, base64). Usage: node mail-sink.mjs SMTP_PORT HTTP_PORT
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
const messages = [];

function decodeBody(headers, body) {
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function decodeSubject(headers) {
  // Unfolded; encoded words (=?utf-8?b?…?= or ?q?) decoded. Adjacent words are joined as bytes
  // before decoding, since a long subject's words may split a character between them.
  const raw = /^subject:\s*(.*(?:\r?\n[ \t].*)*)/im.exec(headers)?.[1]?.replace(/\r?\n[ \t]/g, " ") ?? "";
  const word = /=\?utf-8\?([bq])\?([^?]*)\?=/gi;
  const bytesOf = (kind, text) =>
    kind.toLowerCase() === "b"
      ? Buffer.from(text, "base64")
      : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))), "latin1");
  // Whitespace between two encoded words is dropped (RFC 2047); next to plain text it stays.
  return raw.replace(/=\?utf-8\?[bq]\?[^?]*\?=(?:\s+=\?utf-8\?[bq]\?[^?]*\?=)*/gi, (run) =>
    Buffer.concat([...run.matchAll(word)].map(([, kind, text]) => bytesOf(kind, text))).toString("utf8"),
  );
}

createTcpServer((socket) => {
  let buffer = "";
  let inData = false;
  let to = [];
  const reply = (line) => socket.write(`${line}\r\n`);
  reply("220 mail-sink.test ESMTP");
  socket.on("error", () => {});
  socket.on("data", (chunk) => {
    buffer += chunk.toString("latin1");
    for (;;) {
      if (inData) {
        const end = buffer.indexOf("\r\n.\r\n");
        if (end < 0) return;
        const data = Buffer.from(buffer.slice(0, end), "latin1").toString("utf8").replace(/^\.\./gm, ".");
        buffer = buffer.slice(end + 5);
        inData = false;
        const split = data.search(/\r?\n\r?\n/);
        const headers = data.slice(0, split);
        const body = data.slice(split).replace(/^\r?\n\r?\n/, "");
        messages.push({ to, subject: decodeSubject(headers), body: decodeBody(headers, body) });
        to = [];
        reply("250 2.0.0 Queued");
        continue;
      }
      const end = buffer.indexOf("\r\n");
      if (end < 0) return;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const command = line.toUpperCase();
      if (command.startsWith("EHLO") || command.startsWith("HELO")) reply("250-mail-sink.test\r\n250 8BITMIME");
      else if (command.startsWith("MAIL FROM")) {
        to = [];
        reply("250 2.1.0 OK");
      } else if (command.startsWith("RCPT TO")) {
        to.push(line.slice(8).replace(/^\s*:?\s*<?/, "").replace(/>\s*$/, "").toLowerCase());
        reply("250 2.1.5 OK");
      } else if (command === "DATA") {
        inData = true;
        reply("354 End data with <CR><LF>.<CR><LF>");
      } else if (command === "QUIT") {
        reply("221 2.0.0 Bye");
        socket.end();
        return;
      } else if (command === "RSET" || command === "NOOP") reply("250 2.0.0 OK");
      else reply("502 5.5.2 Not implemented");
    }
  });
}).listen(smtpPort, "127.0.0.1");

createHttpServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  if (url.pathname === "/healthz") {
    response.end("ok");
    return;
  }
  if (url.pathname === "/messages") {
    const address = url.searchParams.get("to")?.toLowerCase();
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(messages.filter((message) => !address || message.to.includes(address))));
    return;
  }
  response.statusCode = 404;
  response.end();
}).listen(httpPort, "127.0.0.1");
