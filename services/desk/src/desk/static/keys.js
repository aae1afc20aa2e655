// Keyboard shortcuts for the frequent actions; never while typing in a field or with Ctrl/Alt/Meta.
// ? help · r reply · n internal note · t take the ticket · j / k next / previous ticket in a list
// (Enter opens it: the ticket's link gets the focus).
(() => {
  const help = document.getElementById("keys");
  const typing = (target) =>
    target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
  const focus = (id) => {
    const field = document.getElementById(id);
    if (!field) return false;
    field.scrollIntoView({ block: "center" });
    field.focus();
    return true;
  };
  const move = (step) => {
    const links = [...document.querySelectorAll("#ticket-list tr[data-number] a")];
    if (!links.length) return false;
    const at = links.indexOf(document.activeElement);
    const next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(Math.max(at + step, 0), links.length - 1);
    links[next].focus();
    return true;
  };
  const take = () => {
    const button = document.getElementById("take");
    if (button) button.click();
    return Boolean(button);
  };
  const actions = {
    "?": () => { if (help) help.hidden = !help.hidden; return Boolean(help); },
    r: () => focus("reply"),
    n: () => focus("note"),
    t: take,
    j: () => move(1),
    k: () => move(-1),
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
    const action = actions[event.key];
    if (action && action()) event.preventDefault();
  });
})();
