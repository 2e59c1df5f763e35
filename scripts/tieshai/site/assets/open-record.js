/* 铁筛 online forms: editing a record that already exists.
 *
 * A clerk opens the file from disk (a rectification report is updated several times); in the
 * internal build, "修改" links open the record as the site holds it (?edit=1). A file that is not
 * UTF-8, not YAML or of another kind is refused with a Chinese message, and nothing already typed
 * is touched; replacing typed input asks first.
 */
(function () {
  "use strict";

  var config = window.tieshaiFormConfig;
  var form = window.tieshaiForm;
  if (!config || !form) {
    return;
  }
  var input = document.getElementById("ts-form-open");
  var message = document.getElementById("ts-form-open-message");
  var params = new URLSearchParams(window.location.search);

  function say(text, bad) {
    if (message) {
      message.textContent = text;
      message.className = bad ? "ts-form-bad" : "ts-form-ok";
    }
  }

  function decode(buffer, name) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer).replace(/^\uFEFF/, "");
    } catch (error) {
      throw new Error("“" + name + "”不是 UTF-8 编码，可能是 GBK/GB18030 编码（Windows 中文系统的默认编码）。" +
        "请用记事本“另存为”，编码选“UTF-8”后再打开。");
    }
  }

  function parse(text, name) {
    var declared = /\$schema=\S*?([a-z-]+)\.schema\.json/.exec(text);
    if (declared && declared[1] !== config.kind) {
      var other = config.kind_labels[declared[1]] || declared[1];
      throw new Error("“" + name + "”是" + other + "，不是" + config.label + "。请在" + other + "的表单中打开。");
    }
    var data;
    try {
      data = window.jsyaml.load(text, { schema: window.jsyaml.CORE_SCHEMA });
    } catch (error) {
      var where = error.mark ? "第 " + (error.mark.line + 1) + " 行：" : "";
      throw new Error("“" + name + "”不是有效的 YAML 文件（" + where + "格式有误）。可以先用 tieshai check 查看详细位置。");
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) {
      throw new Error("“" + name + "”的内容不是一份" + config.label + "。");
    }
    return data;
  }

  function load(data, source) {
    var here = form.getValue();
    var name = config.name_field;
    if (data.unit !== here.unit || ("action" in here && data.action !== here.action) ||
        (name && here[name] && data[name] !== here[name])) {
      throw new Error(source + "属于另一个单位、专项行动或编号（" + [data.unit, data.action, name && data[name]]
        .filter(Boolean).join("、") + "），请从对应的表单打开。");
    }
    if (form.isDirty() && !window.confirm("打开文件会替换表单中已填写的内容，确定吗？")) {
      return;
    }
    form.setValue(data);
    form.markSaved();
    say("已打开" + source + "。修改后点“检查”，再下载保存。", false);
  }

  if (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) {
        return;
      }
      file.arrayBuffer().then(function (buffer) {
        load(parse(decode(buffer, file.name), file.name), "“" + file.name + "”");
      }).catch(function (error) {
        say(error.message, true);
      }).then(function () {
        input.value = "";
        input.dispatchEvent(new Event("change"));
      });
    });
  }

  /* The internal build holds each unit's records as one script (forms/records/<unit>.js), which a
   * page opened from disk may load too. A record that exists is never started afresh by
   * mistake: the form opens it (internal build) or says how to (public build). */
  var key = [params.get("unit"), params.get("action"), params.get("id") || params.get("period")]
    .filter(Boolean).join("--");
  var exists = (config.existing || []).indexOf(key) >= 0;
  if (exists && params.get("edit") !== "1" && !config.held) {
    form.whenReady(function () {
      say("这份记录已经提交过（" + form.path() + "）。请先用上面的“打开已有文件”打开你保存的文件再修改；" +
        "直接填写新表单提交，会替换原来的全部内容。", true);
    });
  }
  if (params.get("edit") === "1" || (exists && config.held)) {
    var script = document.createElement("script");
    script.src = "../records/" + encodeURIComponent(params.get("unit")) + ".js";
    var missing = function () {
      say(exists ? "这份记录已经提交过，但站点上没有可以修改的版本（记录有错误，或这是公开版站点）。" +
        "请用上面的“打开已有文件”打开你保存的文件再修改；直接填写新表单提交会替换原来的内容。"
        : "站点上没有这份记录（只有内部版站点提供），可以用上面的“打开已有文件”打开本地文件。", true);
    };
    script.onload = function () {
      var record = (window.tieshaiRecords || {})[config.kind + "/" + key];
      if (!record) {
        missing();
        return;
      }
      form.whenReady(function () {
        try {
          load(record, "站点上的这份记录");
        } catch (error) {
          say(error.message, true);
        }
      });
    };
    script.onerror = missing;
    document.body.appendChild(script);
  }
})();
