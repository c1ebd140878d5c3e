// Building a long plan's PDF takes seconds: the button starts a background job, this script follows
// its progress (parts rendered, or the time against an estimate) and saves the file when it is ready.
// Without this script the button's form opens the job's page, which reloads itself until done.
(function () {
  "use strict";
  var JSON_HEADERS = { Accept: "application/json" };

  function filenameFrom(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var star = header.match(/filename\*=UTF-8''([^;]+)/i);
    if (star) { return decodeURIComponent(star[1]); }
    var plain = header.match(/filename="?([^";]+)"?/i);
    return plain ? plain[1] : fallback;
  }

  function save(response) {
    if (!response.ok) { throw new Error(String(response.status)); }
    return response.blob().then(function (blob) {
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = filenameFrom(response, "plan.pdf");
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    });
  }

  document.querySelectorAll("form.pdf-job").forEach(function (form) {
    var button = form.querySelector("button.pdf-download");
    var box = form.closest(".pdf-download-wrap").querySelector(".pdf-progress");
    var bar = box.querySelector(".progress-bar");
    var text = box.querySelector(".pdf-progress-text");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button.disabled) { return; }
      var estimate = Math.max(1, Number(button.dataset.estimate) || 5);
      var started = Date.now();
      var state = null;
      button.disabled = true;
      box.hidden = false;
      bar.classList.remove("bg-danger");
      function seconds() { return (Date.now() - started) / 1000; }
      function tick() {
        var share = state && state.total ? state.done / state.total : Math.min(0.95, seconds() / estimate);
        bar.style.width = Math.round(Math.min(share, 0.99) * 100) + "%";
        var parts = state && state.total ? " · " + state.done + " จาก " + state.total + " ส่วน" : "";
        var queued = state && state.status === "queued" ? "รอคิว… " : "กำลังสร้าง PDF… ";
        text.textContent = queued + Math.floor(seconds()) + " วินาที (โดยประมาณ " + Math.ceil(estimate) + " วินาที)" + parts;
      }
      function poll() {
        return fetch(state.status_url, { credentials: "same-origin", headers: JSON_HEADERS })
          .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
          .then(follow);
      }
      function follow(next) {
        state = next;
        tick();
        if (state.status === "failed") { throw new Error(state.message); }
        if (state.status !== "done") {
          return new Promise(function (resolve) { setTimeout(resolve, 600); }).then(poll);
        }
        return fetch(state.download_url, { credentials: "same-origin" }).then(save);
      }
      tick();
      var timer = setInterval(tick, 250);
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: JSON_HEADERS })
        .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
        .then(follow)
        .then(function () {
          bar.style.width = "100%";
          text.textContent = "สร้าง PDF เสร็จแล้ว (" + seconds().toFixed(1) + " วินาที)";
        })
        .catch(function (error) {
          var message = error && error.message && !/^\d+$/.test(error.message) ? error.message : "สร้าง PDF ไม่สำเร็จ กรุณาลองอีกครั้ง";
          text.textContent = message;
          bar.classList.add("bg-danger");
        })
        .finally(function () {
          clearInterval(timer);
          button.disabled = false;
        });
    });
  });
})();
