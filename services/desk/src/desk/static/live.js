// Live updates on every workspace page, with the browser's own EventSource and fetch (no
// library: one stream, one fetch-and-swap of a table body; htmx would add a dependency to pin
// for these few lines). From /desk/events:
// - new tickets and customer messages are announced in the page's status region with a link;
// - on a view, any change to tickets refreshes the list (the server decides what belongs in
//   it); rows that were not there before are marked as new;
// - on a ticket page, a change by someone else says who made it, with a reload link (the
//   analyst's typing is never replaced under their hands).
(() => {
  const region = document.getElementById("live");
  if (!region || !window.EventSource) return;
  const words = JSON.parse(region.dataset.words);
  const list = document.getElementById("ticket-list");
  const ticket = document.getElementById("ticket-live");
  let refreshing = null;

  const announce = (notice) => {
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
  };

  const refreshList = async () => {
    const shown = new Set([...list.querySelectorAll("tr[data-number]")].map((r) => r.dataset.number));
    const answer = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    if (!answer.ok) return;
    const page = new DOMParser().parseFromString(await answer.text(), "text/html");
    const fresh = page.getElementById("ticket-list");
    if (!fresh) return;
    for (const row of fresh.querySelectorAll("tr[data-number]")) {
      if (!shown.has(row.dataset.number)) row.classList.add("fresh");
    }
    list.tBodies[0].replaceWith(fresh.tBodies[0]);
    list.hidden = fresh.hidden;
    const empty = document.getElementById("no-tickets");
    if (empty) empty.hidden = !fresh.hidden;
  };

  const changedByOther = (notice) => {
    if (String(notice.number) !== ticket.dataset.number) return;
    if (notice.version <= Number(ticket.dataset.version)) return;
    if (notice.actor_id && notice.actor_id === ticket.dataset.me) return;
    const names = JSON.parse(ticket.dataset.names || "{}");
    const who = notice.actor || names[notice.actor_id] || words.someone;
    ticket.querySelector("[data-who]").textContent = who;
    ticket.hidden = false;
  };

  const source = new EventSource(region.dataset.url);
  source.addEventListener("ticket", (message) => {
    const notice = JSON.parse(message.data);
    if (notice.what !== "updated") announce(notice);
    if (notice.what === "chat") return; // a chat in the queue changes no ticket
    if (list && !refreshing) {
      // changes that come together cost one refresh; an SLA view (a ticket read per row)
      // refreshes at most every 10 s
      refreshing = setTimeout(() => {
        refreshing = null;
        refreshList();
      }, Number(list.dataset.refreshMs || 300));
    }
    if (ticket) changedByOther(notice);
  });
})();
