// The page's behaviour: upload with progress, insert the findings the server rendered,
// fetch the downloads from the JSON API with the file kept here in the browser.
// No build step, no library. Text from the server goes in as textContent or as the
// server-rendered (escaped) fragment, never assembled into HTML here.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  var input = document.getElementById("file");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var progress = document.getElementById("progress");
  var bar = progress.querySelector(".bar span");
  var progressText = document.getElementById("progress-text");
  var result = document.getElementById("result");
  var current = null; // the File being looked at

  function showProgress(text, fraction) {
    progress.hidden = false;
    progressText.textContent = text;
    bar.style.width = Math.round((fraction || 0) * 100) + "%";
  }
  function hideProgress() { progress.hidden = true; }

  function post(url, file, responseType, onDone) {
    var data = new FormData();
    data.append("file", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.responseType = responseType;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) showProgress("正在上传… " + Math.round(e.loaded / e.total * 100) + "%", e.loaded / e.total * 0.5);
    };
    xhr.upload.onload = function () { showProgress("正在处理，请稍候…", 0.7); };
    xhr.onload = function () { hideProgress(); onDone(xhr); };
    xhr.onerror = function () { hideProgress(); onDone(null); };
    showProgress("正在上传…", 0.05);
    xhr.send(data);
  }

  function choose(file) {
    current = file;
    chosen.textContent = file ? "已选择：" + file.name : "";
  }

  input.addEventListener("change", function () { choose(input.files[0] || null); });
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (e.dataTransfer.files.length) { choose(e.dataTransfer.files[0]); form.requestSubmit ? form.requestSubmit() : check(); }
  });

  function check() {
    if (!current) { chosen.textContent = "请先选择一个工作簿文件。"; return; }
    post("/page/check", current, "text", function (xhr) {
      if (!xhr) { result.textContent = "无法连接年报服务，请稍后再试。"; return; }
      result.innerHTML = xhr.responseText; // rendered and escaped by the server (Jinja2)
      bindDownloads();
    });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); check(); });

  function fileName(xhr, fallback) {
    var header = xhr.getResponseHeader("Content-Disposition") || "";
    var m = /filename\*=UTF-8''([^;]+)/i.exec(header);
    return m ? decodeURIComponent(m[1]) : fallback;
  }

  function bindDownloads() {
    var status = document.getElementById("download-status");
    Array.prototype.forEach.call(result.querySelectorAll("button.download"), function (button) {
      button.addEventListener("click", function () {
        if (!current) return;
        status.textContent = "正在生成“" + button.textContent + "”…";
        post(button.getAttribute("data-api"), current, "blob", function (xhr) {
          if (!xhr) { status.textContent = "无法连接年报服务，请稍后再试。"; return; }
          if (xhr.status !== 200) {
            xhr.response.text().then(function (text) {
              var message = text;
              try { message = JSON.parse(text).error || text; } catch (ignore) { /* not JSON */ }
              status.textContent = message;
            });
            return;
          }
          var name = fileName(xhr, "下载");
          var link = document.createElement("a");
          link.href = URL.createObjectURL(xhr.response);
          link.download = name;
          link.className = "downloaded";
          link.textContent = "已生成：" + name + "（如未自动下载，请点此保存）";
          status.textContent = "";
          status.appendChild(link);
          link.click();
        });
      });
    });
  }
  bindDownloads();
})();
