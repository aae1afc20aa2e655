// Shows the protocol number as soon as tickets has opened the ticket, without a second click:
// asks /v1/submissions/{id} every second for up to two minutes (the «Ver situação» link stays
// for browsers without this script).
(function () {
  var pending = document.getElementById("pending");
  if (!pending) return;
  var id = pending.getAttribute("data-submission");
  var tries = 0;
  function ask() {
    tries += 1;
    fetch("/v1/submissions/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (status) {
        if (status && status.ticket_number) {
          pending.textContent = pending.getAttribute("data-opened") + " ";
          var number = document.createElement("strong");
          number.id = "ticket-number";
          number.textContent = status.ticket_number;
          pending.appendChild(number);
          pending.appendChild(document.createTextNode("."));
        } else if (tries < 120) {
          setTimeout(ask, 1000);
        }
      })
      .catch(function () { if (tries < 120) setTimeout(ask, 1000); });
  }
  setTimeout(ask, 500);
})();
