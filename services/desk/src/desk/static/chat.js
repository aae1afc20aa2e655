// The chat desk: chat's agent protocol (/v1/chat/protocol) spoken through the workspace's own
// WebSocket (/desk/chat/ws, same origin, the session cookie authenticates it). No library: the
// page keeps the queue, the analyst's conversations and the announcements of new chats.
(() => {
  const root = document.getElementById("chat-desk");
  if (!root || !window.WebSocket) return;
  const words = JSON.parse(root.dataset.words);
  const $ = (id) => document.getElementById(id);
  const baseTitle = document.title;
  const conversations = new Map(); // session_id → {panel, seqs}
  const TYPING_EVERY_MS = 2000;
  let socket = null;
  let typingRefused = false; // chat without typing frames answers bad_frame: stop sending them
  let lastTypingSent = 0;
  let queueSeen = null; // session ids in the last queue frame (null: none received yet)
  let sentCount = 0;
  let audio = null;

  const send = (frame) => socket && socket.readyState === 1 && socket.send(JSON.stringify(frame));
  const element = (tag, className, text) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  };
  const problem = (text) => { $("chat-problem").textContent = text; $("chat-problem").hidden = !text; };
  const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const minutesSince = (iso) => Math.max(0, Math.floor((Date.now() - new Date(iso)) / 60000));

  function beep() {
    if (!$("chat-sound").checked) return;
    audio = audio || new AudioContext();
    const tone = audio.createOscillator();
    tone.connect(audio.destination);
    tone.frequency.value = 880;
    tone.start();
    tone.stop(audio.currentTime + 0.2);
  }

  function summaryText(summary) {
    if (!summary || (!summary.last_question && !summary.articles.length)) return words.no_summary;
    const parts = [];
    if (summary.last_question) parts.push(`${words.asked}: «${summary.last_question}»`);
    for (const a of summary.articles) {
      parts.push(`${words.article}: ${a.article} (${a.helpful ? words.helped : words.not_helped})`);
    }
    return parts.join(" · ");
  }

  function showQueue(items) {
    const list = $("queue");
    list.replaceChildren();
    for (const item of items) {
      const card = element("li", "card");
      card.dataset.since = item.waiting_since || "";
      const who = item.customer.name || item.customer.email || item.session_id;
      card.append(element("strong", "", who));
      if (item.customer.email) card.append(` <${item.customer.email}>`);
      const wait = element("p", "wait");
      wait.dataset.group = item.group || words.general_queue;
      card.append(wait, element("p", "summary", summaryText(item.summary)));
      const accept = element("button", "", words.accept);
      accept.type = "button";
      accept.addEventListener("click", () => { accept.disabled = true; send({ type: "accept", session_id: item.session_id }); });
      card.append(accept);
      list.append(card);
    }
    refreshWaits();
    const ids = new Set(items.map((item) => item.session_id));
    if (queueSeen && [...ids].some((id) => !queueSeen.has(id))) {
      $("chat-connection").textContent = words.new;
      beep();
    }
    queueSeen = ids;
    $("queue-count").textContent = String(items.length);
    $("queue-empty").hidden = items.length > 0;
    const badge = $("chat-badge");
    if (badge) { badge.textContent = `${items.length} ${words.waiting_badge}`; badge.hidden = !items.length; }
    document.title = (items.length ? `(${items.length}) ` : "") + baseTitle;
  }

  function refreshWaits() {
    for (const card of $("queue").children) {
      const wait = card.querySelector(".wait");
      const since = card.dataset.since ? `${words.waiting_for} ${minutesSince(card.dataset.since)} ${words.minutes}` : "";
      wait.textContent = [wait.dataset.group, since].filter(Boolean).join(" · ");
    }
  }

  function openConversation(frame) {
    if (conversations.has(frame.session_id)) return conversations.get(frame.session_id);
    const panel = $("conversation-template").content.firstElementChild.cloneNode(true);
    const id = frame.session_id;
    panel.dataset.session = id;
    panel.querySelector(".customer-name").textContent = frame.customer.name || frame.customer.email || id;
    panel.querySelector(".summary").textContent = summaryText(frame.summary);
    for (const [field, label] of [["message", "message-label"], ["files", "files-label"], ["transfer-to", "transfer-label"]]) {
      panel.querySelector(`.${field}`).id = `${field}-${id}`;
      panel.querySelector(`.${label}`).htmlFor = `${field}-${id}`;
    }
    const text = panel.querySelector(".message");
    text.addEventListener("input", () => {
      if (typingRefused || Date.now() - lastTypingSent < TYPING_EVERY_MS) return;
      lastTypingSent = Date.now();
      send({ type: "typing", session_id: id });
    });
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); panel.querySelector(".send").requestSubmit(); }
    });
    panel.querySelector(".send").addEventListener("submit", (event) => { event.preventDefault(); sendMessage(id, panel); });
    panel.querySelector(".transfer").addEventListener("submit", (event) => {
      event.preventDefault();
      const [kind, target] = panel.querySelector(".transfer-to").value.split(/:(.*)/s);
      if (target) send({ type: "transfer", session_id: id, [kind === "agent" ? "to_agent" : "to_group"]: target });
    });
    panel.querySelector(".end").addEventListener("click", () => send({ type: "end", session_id: id }));
    panel.querySelector(".close").addEventListener("click", () => { panel.remove(); conversations.delete(id); mineEmpty(); });
    $("conversations").prepend(panel);
    const opened = { panel, seqs: new Set(), typingTimer: null };
    conversations.set(id, opened);
    mineEmpty();
    return opened;
  }

  const mineEmpty = () => { $("mine-empty").hidden = conversations.size > 0; };

  async function sendMessage(id, panel) {
    const text = panel.querySelector(".message");
    const files = panel.querySelector(".files");
    const button = panel.querySelector(".send button");
    button.disabled = true;
    try {
      const attachments = [];
      for (const file of files.files) {
        const body = new FormData();
        body.append("file", file);
        const answer = await fetch(`${root.dataset.files}?session_id=${encodeURIComponent(id)}`, {
          method: "POST", body, headers: { "X-CSRF-Token": root.dataset.csrf }, credentials: "same-origin",
        });
        const reply = await answer.json().catch(() => ({}));
        if (!answer.ok) { problem(`${words.refused} ${reply.detail || answer.statusText}`); return; }
        attachments.push(reply.attachment_id);
      }
      if (!text.value.trim() && !attachments.length) return;
      sentCount += 1;
      const clientId = `desk-${Date.now().toString(36)}-${sentCount}-${Math.random().toString(36).slice(2, 8)}`;
      send({ type: "message", session_id: id, text: text.value, attachments, client_message_id: clientId });
      text.value = "";
      files.value = "";
      problem("");
    } finally {
      button.disabled = false;
    }
  }

  function showMessage(frame) {
    const opened = conversations.get(frame.session_id);
    const message = frame.message;
    if (!opened || opened.seqs.has(message.seq)) return;
    opened.seqs.add(message.seq);
    const line = element("li", `msg ${message.author_kind}`);
    line.dataset.seq = String(message.seq);
    const author = message.author_name || words[`author_${message.author_kind}`] || message.author_kind;
    line.append(element("p", "meta", `${author} · ${clock(message.sent_at)}`));
    if (message.text) line.append(element("p", "text", message.text));
    const choices = (message.choices || []).map((choice) => `[${choice.label}]`).join(" ");
    if (choices) line.append(element("p", "choices", choices));
    for (const file of message.attachments || []) {
      const link = element("a", "file", `${file.filename} (${Math.ceil(file.size / 1024)} KB)`);
      link.href = `${root.dataset.files}/${encodeURIComponent(file.attachment_id)}`;
      const holder = element("p", "attachment");
      holder.append(link);
      line.append(holder);
    }
    const log = opened.panel.querySelector(".chat-log .lines");
    const later = [...log.children].find((other) => Number(other.dataset.seq) > message.seq);
    log.insertBefore(line, later || null);
    log.parentElement.scrollTop = log.parentElement.scrollHeight; // the newest line in view
    if (message.author_kind === "customer") opened.panel.querySelector(".typing").textContent = "";
  }

  function customerTyping(frame) {
    const opened = conversations.get(frame.session_id);
    if (!opened || frame.who !== "customer") return;
    const typing = opened.panel.querySelector(".typing");
    typing.textContent = words.customer_typing;
    clearTimeout(opened.typingTimer);
    opened.typingTimer = setTimeout(() => { typing.textContent = ""; }, 4000);
  }

  function released(frame) {
    const opened = conversations.get(frame.session_id);
    if (!opened) return;
    for (const form of opened.panel.querySelectorAll("form, .actions")) form.hidden = true;
    opened.panel.querySelector(".ended").hidden = false;
  }

  const handlers = {
    hello: () => {
      $("chat-connection").textContent = words.connected;
      send({ type: "presence", status: root.dataset.available === "true" ? "online" : "away" });
    },
    queue: (frame) => showQueue(frame.items),
    assigned: (frame) => openConversation(frame),
    message: showMessage,
    typing: customerTyping,
    released,
    error: (frame) => {
      if (frame.code === "bad_frame" && !frame.client_message_id && Date.now() - lastTypingSent < 1500) {
        typingRefused = true; // this chat does not know typing frames yet
        return;
      }
      for (const button of $("queue").querySelectorAll("button")) button.disabled = false;
      problem(`${words.refused} ${frame.detail || frame.code}`);
    },
  };

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}${root.dataset.ws}`);
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      const handle = handlers[frame.type];
      if (handle) handle(frame);
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4401) { location.assign(root.dataset.signIn); return; }
      $("chat-connection").textContent = words.reconnecting;
      setTimeout(connect, 2000);
    });
  }

  $("chat-sound").checked = localStorage.getItem("desk-chat-sound") === "on";
  $("chat-sound").addEventListener("change", (event) => {
    localStorage.setItem("desk-chat-sound", event.target.checked ? "on" : "off");
    if (event.target.checked) { audio = audio || new AudioContext(); }
  });
  setInterval(refreshWaits, 15000);
  connect();
})();
