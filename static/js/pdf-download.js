// Building a long plan's PDF takes seconds: show progress instead of a page that seems to hang.
// Without this script the link still works as a plain download.
(function () {
  "use strict";
  function filenameFrom(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var star = header.match(/filename\*=UTF-8''([^;]+)/i);
    if (star) { return decodeURIComponent(star[1]); }
    var plain = header.match(/filename="?([^";]+)"?/i);
    return plain ? plain[1] : fallback;
  }

  document.querySelectorAll("a.pdf-download").forEach(function (link) {
    var wrap = link.closest(".pdf-download-wrap");
    var box = wrap.querySelector(".pdf-progress");
    var bar = box.querySelector(".progress-bar");
    var text = box.querySelector(".pdf-progress-text");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (link.classList.contains("disabled")) { return; }
      var estimate = Math.max(1, Number(link.dataset.estimate) || 5);
      var started = Date.now();
      link.classList.add("disabled");
      link.setAttribute("aria-disabled", "true");
      box.hidden = false;
      bar.classList.remove("bg-danger");
      function tick() {
        var seconds = (Date.now() - started) / 1000;
        var share = Math.min(0.95, seconds / estimate);
        bar.style.width = Math.round(share * 100) + "%";
        text.textContent = "กำลังสร้าง PDF… " + Math.floor(seconds) + " วินาที (โดยประมาณ " + Math.ceil(estimate) + " วินาที)";
      }
      tick();
      var timer = setInterval(tick, 250);
      fetch(link.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.blob().then(function (blob) { return [blob, filenameFrom(response, "plan.pdf")]; });
        })
        .then(function (result) {
          var url = URL.createObjectURL(result[0]);
          var save = document.createElement("a");
          save.href = url;
          save.download = result[1];
          document.body.appendChild(save);
          save.click();
          save.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          bar.style.width = "100%";
          text.textContent = "สร้าง PDF เสร็จแล้ว (" + ((Date.now() - started) / 1000).toFixed(1) + " วินาที)";
        })
        .catch(function () {
          text.textContent = "สร้าง PDF ไม่สำเร็จ กรุณาลองอีกครั้ง";
          bar.classList.add("bg-danger");
        })
        .finally(function () {
          clearInterval(timer);
          link.classList.remove("disabled");
          link.removeAttribute("aria-disabled");
        });
    });
  });
})();
