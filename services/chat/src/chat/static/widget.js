// The chat on any page with one tag: <script src="https://chat.example.com/widget.js" defer></script>
// A launcher button (bottom right) opens the widget in a frame served by the chat service; while
// the panel is closed it counts the assistant's and agents' new messages on a badge.
(function () {
  if (window.helpdeskChatLauncher) return;
  window.helpdeskChatLauncher = true;
  var script = document.currentScript;
  var origin = new URL(script ? script.src : "/widget.js", location.href).origin;
  var english = (document.documentElement.lang || navigator.language || "").indexOf("en") === 0;
  var words = english ? { open: "Open chat", close: "Close chat", title: "Support chat" }
                      : { open: "Abrir chat", close: "Fechar chat", title: "Chat de atendimento" };
  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 18px;" +
    "border:0;border-radius:24px;background:#0f766e;color:#fff;font:600 15px system-ui,sans-serif;" +
    "box-shadow:0 2px 10px rgba(0,0,0,.3);cursor:pointer";
  var label = document.createElement("span");
  var badge = document.createElement("span");
  badge.style.cssText = "display:none;margin-left:8px;background:#b91c1c;color:#fff;border-radius:10px;" +
    "padding:0 7px;font-size:13px";
  launcher.append(label, badge);
  var frame = null, unread = 0;
  function render(open) {
    label.textContent = open ? words.close : words.open;
    launcher.setAttribute("aria-expanded", String(open));
    badge.textContent = unread ? String(unread) : "";
    badge.style.display = unread && !open ? "inline-block" : "none";
    launcher.setAttribute("aria-label", unread && !open ? words.open + " (" + unread + ")" : label.textContent);
  }
  launcher.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/widget?embedded=1";
      frame.title = words.title;
      frame.style.cssText = "position:fixed;right:16px;bottom:76px;z-index:2147483000;border:0;" +
        "width:min(400px,calc(100vw - 32px));height:min(600px,calc(100vh - 100px));" +
        "border-radius:12px;box-shadow:0 2px 16px rgba(0,0,0,.3);background:#fff";
      document.body.append(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
    if (!frame.hidden) unread = 0;
    render(!frame.hidden);
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || event.data.type !== "helpdesk-chat-message") return;
    if (frame && !frame.hidden) return;
    unread += 1;
    render(false);
  });
  render(false);
  document.body.append(launcher);
})();
