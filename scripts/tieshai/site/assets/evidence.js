/* 铁筛 online forms: registering an evidence file in a rectification report.
 *
 * The clerk picks the file; the page refuses what the validator would refuse (a type not allowed,
 * a file over the size limit, checked before it is read; content that is not what the extension
 * says), computes its SHA-256 and size, adds the entry to the chosen item and says where the file
 * must be put. The rules and their limits come from the validator (window.tieshaiFormConfig.evidence).
 * The file never leaves the page.
 */
(function () {
  "use strict";

  var config = window.tieshaiFormConfig;
  var form = window.tieshaiForm;
  var panel = document.getElementById("ts-evidence");
  if (!config || !config.evidence || !form || !panel) {
    return;
  }
  var rules = config.evidence;

  /* -- SHA-256: Web Crypto where the page is a secure context, else this plain version ------ */

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  function sha256Plain(bytes) {
    /* Used on an intranet served over plain http, where browsers withhold Web Crypto. */
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var w = new Uint32Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = view.getUint32(offset + 4 * i);
      }
      for (i = 16; i < 64; i++) {
        var s0 = ((w[i - 15] >>> 7) | (w[i - 15] << 25)) ^ ((w[i - 15] >>> 18) | (w[i - 15] << 14)) ^ (w[i - 15] >>> 3);
        var s1 = ((w[i - 2] >>> 17) | (w[i - 2] << 15)) ^ ((w[i - 2] >>> 19) | (w[i - 2] << 13)) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (k + sum1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        var sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (sum0 + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) {
        return x >>> 0;
      });
    }
    return h.map(function (x) { return ("00000000" + x.toString(16)).slice(-8); }).join("");
  }

  function sha256(buffer) {
    if (window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest("SHA-256", buffer).then(function (digest) {
        return Array.prototype.map.call(new Uint8Array(digest), function (x) {
          return ("0" + x.toString(16)).slice(-2);
        }).join("");
      });
    }
    return Promise.resolve(sha256Plain(new Uint8Array(buffer)));
  }

  /* -- the type by content, as the validator judges it (tieshai.rules.evidence.sniff) -------- */

  function startsWith(bytes, signature) {
    return signature.every(function (value, index) { return bytes[index] === value; });
  }

  function contains(bytes, text) {
    var needle = Array.prototype.map.call(text, function (char) { return char.charCodeAt(0); });
    outer: for (var i = 0; i + needle.length <= bytes.length; i++) {
      for (var j = 0; j < needle.length; j++) {
        if (bytes[i + j] !== needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  function sniff(bytes) {
    if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) { return "pdf"; }
    if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) { return "png"; }
    if (startsWith(bytes, [0xff, 0xd8, 0xff])) { return "jpeg"; }
    if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) { return "ole"; }
    if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
      return contains(bytes, "[Content_Types].xml") ? "ooxml" : "zip";
    }
    return null;
  }

  /* -- the panel ------------------------------------------------------------------------------ */

  var itemSelect = panel.querySelector("select[name=item]");
  var fileInput = panel.querySelector("input[type=file]");
  var titleInput = panel.querySelector("input[name=title]");
  var message = panel.querySelector(".ts-evidence-message");

  function say(text, bad) {
    message.textContent = text;
    message.className = "ts-evidence-message " + (bad ? "ts-form-bad" : "ts-form-ok");
  }

  function refreshItems() {
    var items = form.getValue().items || [];
    var chosen = itemSelect.value;
    itemSelect.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = "第 " + (index + 1) + " 项" + (item.problem ? "：" + item.problem : "");
      itemSelect.appendChild(option);
    });
    if (chosen && Number(chosen) < items.length) {
      itemSelect.value = chosen;
    }
  }

  function refusal(file, bytes) {
    var dot = file.name.lastIndexOf(".");
    var extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
    var expected = rules.allowed[extension];
    if (!expected) {
      return "“" + file.name + "”的类型不在允许范围内。允许的类型：" + Object.keys(rules.allowed).sort().join("、") + "。";
    }
    if (bytes === null) {
      return null;
    }
    var actual = sniff(bytes);
    if (actual !== expected) {
      return "“" + file.name + "”的扩展名是 " + file.name.slice(dot) + "，但文件内容是" +
        (rules.type_names[actual] || rules.type_names.unknown) + "。请提交真实的文件，不要只改扩展名。";
    }
    return null;
  }

  function register() {
    refreshItems();
    var file = fileInput.files && fileInput.files[0];
    var index = Number(itemSelect.value);
    if (!file) {
      say("请先选择文件。", true);
      return Promise.resolve(false);
    }
    if (itemSelect.options.length === 0) {
      say("请先在表单中添加整改项，再登记它的佐证材料。", true);
      return Promise.resolve(false);
    }
    var refused = refusal(file, null);
    if (!refused && file.size > rules.max_bytes) {
      refused = "“" + file.name + "”有 " + Math.floor(file.size / 1048576) + " MB，超过 " +
        Math.floor(rules.max_bytes / 1048576) + " MB。大文件请登记为仓库外的记录（external）。";
    }
    if (refused) {
      say(refused, true);
      return Promise.resolve(false);
    }
    say("正在计算校验值……", false);
    return file.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var wrong = refusal(file, bytes);
      if (wrong) {
        say(wrong, true);
        return false;
      }
      return sha256(buffer).then(function (digest) {
        var value = form.getValue();
        var item = value.items[index];
        var entry = { title: titleInput.value.trim() || file.name.replace(/\.[^.]*$/, ""),
          file: "evidence/" + file.name, sha256: digest, size: file.size };
        item.evidence = (item.evidence || []).filter(function (old) { return old.file !== entry.file; }).concat([entry]);
        form.setValue(value);
        var folder = form.path().replace(/[^/]*$/, "");
        say("已登记到第 " + (index + 1) + " 项。请把这个文件放在 " + folder + entry.file +
          "，与报告一起上传；文件内容改动后要重新登记。", false);
        fileInput.value = "";
        fileInput.dispatchEvent(new Event("change")); /* the name shown beside the button, cleared too */
        titleInput.value = "";
        return true;
      });
    });
  }

  document.getElementById("ts-form").addEventListener("tieshai-form-change", refreshItems);
  panel.querySelector("button").addEventListener("click", register);
  panel.hidden = false;
  refreshItems();
  form.registerEvidence = register;
  form.sha256 = function (text) { return sha256Plain(new TextEncoder().encode(text)); };
})();
