/* "Was this page helpful?": sends the answer in the background and thanks the reader in place.
   Without this script the form is sent as an ordinary form, with the same fields, to the same address.
   The answer is sent as the form would send it (a urlencoded body for POST, a query for GET), with
   `no-cors` so that an address on another host needs no CORS headers; when sending fails, the form
   is sent the ordinary way instead. */
(() => {
  "use strict";

  const SENDING = "charterSending";

  function send(form, fields) {
    const options = { mode: "no-cors", credentials: "omit" };
    if ((form.getAttribute("method") || "get").toLowerCase() === "post") {
      return fetch(form.action, { ...options, method: "POST", body: fields });
    }
    const url = new URL(form.action);
    fields.forEach((value, key) => url.searchParams.append(key, value));
    return fetch(url, { ...options, method: "GET" });
  }

  function thank(form) {
    const status = form.querySelector(".charter-feedback__thanks");
    form.querySelector("fieldset").hidden = true;
    status.textContent = status.dataset.thanks;
    status.focus();  // the button that had the focus is gone
  }

  function sendPlainly(form, submitter) {
    form.dataset.charterPlain = "";
    form.requestSubmit(submitter);
  }

  document.addEventListener("submit", event => {
    const form = event.target;
    if (!form.matches("form[data-charter-feedback]") || "charterPlain" in form.dataset) return;
    event.preventDefault();
    if (SENDING in form.dataset) return;
    form.dataset[SENDING] = "";
    const submitter = event.submitter;
    const fields = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) fields.set(submitter.name, submitter.value);
    send(form, fields)
      .then(response => (response.ok || response.type === "opaque" ? thank(form) : sendPlainly(form, submitter)))
      .catch(() => sendPlainly(form, submitter));
  });
})();
