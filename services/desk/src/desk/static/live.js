// Live updates on every workspace page: the browser's own EventSource (no library) listens to
// /desk/events and announces new tickets and customer messages in the page's status region,
// with a link to open the ticket. Nothing else on the page changes under the analyst's hands.
(() => {
  const region = document.getElementById("live");
  if (!region || !window.EventSource) return;
  const words = JSON.parse(region.dataset.words);
  const source = new EventSource(region.dataset.url);
  source.addEventListener("ticket", (message) => {
    const notice = JSON.parse(message.data);
    const link = document.createElement("a");
    link.href = `${region.dataset.tickets}/${notice.number}`;
    link.textContent = `#${notice.number} ${notice.subject}`;
    const line = document.createElement("li");
    line.append(`${words[notice.what] || notice.what}: `, link);
    const chat = document.getElementById("live-chat");
    if (notice.what === "chat" && chat) { // a chat joined the queue: the link opens the chat desk
      link.href = chat.dataset.url;
      link.textContent = notice.subject;
      line.firstChild.textContent = `${chat.dataset.word}: `;
    }
    region.querySelector("ul").prepend(line);
    region.hidden = false;
  });
})();
