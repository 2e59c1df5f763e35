/* 铁筛 online forms: one page per record kind, generated from the schemas at build time.
 *
 * The page reads its configuration (window.tieshaiFormConfig, written by the site build), picks
 * the action and unit from the address (?unit=…&action=…&id=…&period=…), starts from the same
 * document `tieshai new` writes, lets json-editor show the schema as a form, and writes the YAML
 * file a clerk submits. Nothing leaves the page: no request, no storage, no token.
 *
 * For tests and automation: window.tieshaiForm = { getValue(), setValue(object), yaml(), path(),
 * errors(), warnings() }.
 */
(function () {
  "use strict";

  var config = window.tieshaiFormConfig;
  var root = document.getElementById("ts-form");
  if (!config || !root) {
    return;
  }
  var params = new URLSearchParams(window.location.search);

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) {
      node.className = className;
    }
    return node;
  }

  /* File inputs speak Chinese whatever the browser's language: the input itself is hidden behind
   * a "选择文件" button of the page's own and the chosen file's name. */
  Array.prototype.forEach.call(document.querySelectorAll(".ts-file-input"), function (input) {
    var shown = input.parentNode.querySelector(".ts-file-name");
    input.addEventListener("change", function () {
      shown.textContent = input.files && input.files.length ? input.files[0].name : "未选择文件";
    });
  });

  /* -- choosing the unit and action ------------------------------------------------------- */

  function unitName(id) {
    var found = config.units.filter(function (unit) { return unit.id === id; })[0];
    return found ? found.name : null;
  }

  function actionForm(id) {
    return config.actions.filter(function (action) { return action.id === (id || null); })[0];
  }

  function choice(label, name, options) {
    /* A labelled list of [code, what a person reads], the address's value chosen. */
    var holder = text("label", label);
    var select = document.createElement("select");
    select.name = name;
    options.forEach(function (entry) {
      var option = text("option", entry[1]);
      option.value = entry[0];
      option.selected = entry[0] === params.get(name);
      select.appendChild(option);
    });
    holder.appendChild(select);
    return holder;
  }

  function chooser(message) {
    var form = document.createElement("form");
    form.className = "ts-form-chooser";
    form.method = "get";
    form.appendChild(text("p", message));
    form.appendChild(choice("填报单位 ", "unit", config.units.map(function (unit) {
      return [unit.id, unit.name];
    })));
    if (config.actions[0].id !== null) {
      form.appendChild(choice(" 专项行动 ", "action", config.actions.map(function (action) {
        return [action.id, action.title];
      })));
    }
    ["id", "period"].forEach(function (name) {
      if (params.get(name)) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = params.get(name);
        form.appendChild(hidden);
      }
    });
    var button = text("button", "打开表单", "md-button md-button--primary");
    button.type = "submit";
    form.appendChild(button);
    root.appendChild(form);
  }

  var unit = params.get("unit");
  var action = actionForm(params.get("action"));
  if (!unit || !unitName(unit) || !action) {
    chooser(!unit ? "请选择填报单位" + (config.actions[0].id !== null ? "和专项行动" : "") + "，然后打开表单。"
      : "地址中的单位或专项行动不在本次行动中，请重新选择。");
    return;
  }

  /* -- the starting document ---------------------------------------------------------------- */

  var name = params.get(config.name_field === "period" ? "period" : "id") || "";

  function fill(value) {
    if (typeof value === "string") {
      return value.split("{unit}").join(unit).split("{name}").join(name);
    }
    if (Array.isArray(value)) {
      return value.map(fill);
    }
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (key) { copy[key] = fill(value[key]); });
      return copy;
    }
    return value;
  }

  /* -- YAML, written as `tieshai new` writes it --------------------------------------------- */

  var PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

  function isEmpty(value) {
    return value === null || value === undefined || value === "" ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  }

  function prune(value) {
    /* What a person left empty is left out (the validator then names a missing required field). */
    if (Array.isArray(value)) {
      return value.map(prune).filter(function (item) { return !isEmpty(item); });
    }
    if (value && typeof value === "object") {
      var kept = {};
      Object.keys(value).forEach(function (key) {
        var item = prune(value[key]);
        if (!isEmpty(item)) {
          kept[key] = item;
        }
      });
      return kept;
    }
    return value;
  }

  function scalar(value) {
    if (typeof value === "string") {
      return JSON.stringify(value); /* a YAML double-quoted scalar: dates and codes stay text */
    }
    return String(value);
  }

  function key(name) {
    return PLAIN_KEY.test(name) ? name : JSON.stringify(name);
  }

  function block(value, pad) {
    /* Several lines: YAML's literal block, each line as written. */
    var chomp = /\n$/.test(value) ? "" : "-";
    var body = value.replace(/\n$/, "").split("\n").map(function (line) {
      return line ? pad + line : "";
    });
    var indicator = /^[ \t]/.test(value) ? String(2) : "";
    return ["|" + indicator + chomp].concat(body);
  }

  function lines(value, pad) {
    var out = [];
    Object.keys(value).forEach(function (name) {
      var item = value[name];
      if (typeof item === "string" && item.indexOf("\n") >= 0) {
        var written = block(item, pad + "  ");
        out.push(pad + key(name) + ": " + written[0]);
        out = out.concat(written.slice(1));
      } else if (Array.isArray(item)) {
        if (item.length === 0) {
          out.push(pad + key(name) + ": []");
        } else {
          out.push(pad + key(name) + ":");
          out = out.concat(listLines(item, pad + "  "));
        }
      } else if (item && typeof item === "object") {
        out.push(pad + key(name) + ":");
        out = out.concat(lines(item, pad + "  "));
      } else {
        out.push(pad + key(name) + ": " + scalar(item));
      }
    });
    return out;
  }

  function listLines(items, pad) {
    var out = [];
    items.forEach(function (item) {
      if (item && typeof item === "object" && !Array.isArray(item)) {
        var inner = lines(item, pad + "  ");
        out.push(pad + "- " + inner[0].slice(pad.length + 2));
        out = out.concat(inner.slice(1));
      } else if (typeof item === "string" && item.indexOf("\n") >= 0) {
        var written = block(item, pad + "  ");
        out.push(pad + "- " + written[0]);
        out = out.concat(written.slice(1));
      } else {
        out.push(pad + "- " + scalar(item));
      }
    });
    return out;
  }

  /* -- the form ----------------------------------------------------------------------------- */

  var header = document.getElementById("ts-form-heading");
  if (header) {
    header.textContent = unitName(unit) + (action.title ? " · " + action.title : "");
  }
  var editorHolder = document.createElement("div");
  editorHolder.className = "ts-form-editor";
  root.appendChild(editorHolder);

  /* json-editor "purifies" text values by parsing them as HTML in a detached element: that drops
   * whatever a clerk wrote between angle brackets, and an <img onerror> held in a record would run.
   * Text stays text here: the form shows values in inputs, which never interpret them. */
  window.JSONEditor.AbstractEditor.prototype.purify = function (value) {
    return value;
  };

  /* Type names in Chinese in the library's "类型不对，应为{{0}}" (it passes the JSON type name). */
  var TYPE_NAMES = { string: "文字", integer: "整数（半角数字）", number: "数字（半角数字）", boolean: "是或否",
    array: "列表", object: "一组字段", "null": "空" };
  var translate = window.JSONEditor.defaults.translate;
  window.JSONEditor.defaults.translate = function (key, variables, schema) {
    if (key === "error_type" && variables) {
      variables = variables.map(function (name) { return TYPE_NAMES[name] || name; });
    }
    return translate.call(this, key, variables, schema);
  };

  /* The library joins a field's messages with ". " and ends them with "."; Chinese wants "；" and "。". */
  var theme = window.JSONEditor.defaults.themes.html.prototype;
  var addInputError = theme.addInputError;
  theme.addInputError = function (input, message) {
    var sentences = message.replace(/\.$/, "").split(". ").map(function (part) { return part.replace(/[。.]$/, ""); });
    return addInputError.call(this, input, sentences.join("；") + "。");
  };

  /* A notice lists problems its inspection found, a referral problems of its unit's ledger: chosen
   * by what was found, where the site holds them (the validator still checks them). */
  var found = config.findings && config.findings[[unit, action.id].filter(Boolean).join("--")];
  if (found && found.length) {
    var problems = action.schema.properties.problems.items;
    delete problems.pattern;
    problems["enum"] = found.map(function (entry) { return entry[0]; }); /* shown as boxes to tick */
    problems.options = { enum_titles: found.map(function (entry) { return entry[1]; }) };
    action.schema.properties.problems.description = config.findings_hint;
  }

  var editor = new window.JSONEditor(editorHolder, {
    schema: action.schema,
    startval: fill(action.start),
    theme: "html",
    iconlib: null,
    show_opt_in: true,
    disable_edit_json: true,
    disable_properties: true,
    disable_array_delete_all_rows: true,
    disable_array_delete_last_row: true,
    no_additional_properties: true,
    prompt_before_delete: true,
    show_errors: "interaction",
    use_name_attributes: false
  });

  function value() {
    return prune(editor.getValue());
  }

  function path() {
    var current = value();
    var recordName = config.name_field ? (current[config.name_field] || "（编号）") : "";
    return action.path.split("{unit}").join(unit).split("{name}").join(recordName);
  }

  function yaml() {
    var depth = path().split("/").length - 1;
    var head = [
      "# yaml-language-server: $schema=" + new Array(depth + 1).join("../") + "schemas/" + config.kind + ".schema.json",
      "# " + config.label + "：由铁筛在线表单生成。提交前可用 tieshai check 检查。"
    ];
    return head.concat(lines(value(), "")).join("\n") + "\n";
  }

  /* New entries of a list of problems or findings get the next id of the unit and action. */
  function numberNewEntries() {
    var current = editor.getValue();
    ["problems", "findings"].forEach(function (listName) {
      var list = current[listName];
      if (!Array.isArray(list)) {
        return;
      }
      var prefix = unit + "-" + action.id + "-" + (listName === "problems" ? "s" : "i");
      list.forEach(function (entry, index) {
        var field = editor.getEditor("root." + listName + "." + index + ".id");
        if (field && !field.getValue()) {
          var number = index + 1;
          while (list.some(function (other) { return other.id === prefix + number; })) {
            number += 1;
          }
          field.setValue(prefix + number);
        }
      });
    });
  }

  var status = document.getElementById("ts-form-status");
  var pathBox = document.getElementById("ts-form-path");
  var dirty = false;
  var ready = false;

  var upload = document.getElementById("ts-form-upload");

  function showPath() {
    if (pathBox) {
      pathBox.textContent = path();
    }
    if (upload && config.upload) {
      var folder = path().replace(/\/[^/]*$/, "");
      upload.href = config.upload.address + folder.split("/").map(encodeURIComponent).join("/");
      upload.textContent = "在" + config.upload.forge + "上打开这个目录的上传页面";
      upload.hidden = false;
      document.getElementById("ts-form-upload-step").textContent = "点下面的按钮打开平台上这个目录的上传页面";
    }
  }

  /* A field named as `tieshai check` names it: the titles along its path, "第 n 项" for entries. */
  function fieldName(path) {
    var current = "root";
    var names = path.split(".").slice(1).map(function (part) {
      current += "." + part;
      if (/^[0-9]+$/.test(part)) {
        return "第 " + (Number(part) + 1) + " 项";
      }
      var field = editor.getEditor(current);
      return field && field.schema && field.schema.title ? field.schema.title : part;
    });
    return names.join(" → ") || config.label;
  }

  /* The record's own rules beyond its schema (dates in order, 已完成 with its date and evidence,
   * score and grade...), the same rules and sentences as `tieshai check` (record-rules.js). */
  function ruleBreaches(current) {
    return window.tieshaiRecordRules.judge(action.rules, current).map(function (breach) {
      return { path: breach.path, property: breach.code, message: breach.message, warning: breach.warning };
    });
  }

  /* The library's message for a schema rule, in `tieshai check`'s sentence for the same rule
   * (config.messages, from rules/schema.py), with the field's title and value in its blanks. */
  function inCheckWords(error) {
    var field = editor.getEditor(error.path);
    var schema = (field && field.schema) || {};
    var key = error.property === "format" && schema.format === "date" ? "date" : error.property;
    var value = field ? field.getValue() : undefined;
    var template = config.messages[key];
    if (field && key !== "required" && (value === "" || value === undefined || value === null)) {
      /* nothing written: the file leaves the field out, and the check says it is missing */
      template = config.messages.required;
    }
    if (!template || !field || key === "required") {
      return error; /* "required" names a field of its object: the library's sentence is the check's */
    }
    var last = error.path.split(".").pop();
    var blanks = {
      label: /^[0-9]+$/.test(last) ? fieldName(error.path.replace(/\.[0-9]+$/, "")).split(" → ").map(function (part) {
        return "“" + part + "”";
      }).pop() + "第 " + (Number(last) + 1) + " 项" : "“" + (schema.title || last) + "”",
      value: String(value),
      limit: String(schema[error.property]),
      length: String(String(value).length),
      hint: schema["x-pattern-hint"] ? "应为" + schema["x-pattern-hint"] + "。" : ""
    };
    return { path: error.path, property: error.property, message: template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(blanks, name) ? blanks[name] : whole;
    }) };
  }

  /* Every judgement of the form, live or on 检查, is the schema's (in the check's words) and the
   * record's own rules: the library's validator is wrapped once it exists. */
  function judgeWholly() {
    var validate = editor.validator.validate.bind(editor.validator);
    editor.validator.validate = function (current) {
      return validate(current).map(inCheckWords).concat(ruleBreaches(current).filter(function (breach) {
        return !breach.warning;
      }));
    };
  }

  /* Judged now: without a value, json-editor returns the result of its last (deferred) change. */
  function currentErrors() {
    return editor.validate(editor.getValue());
  }

  function currentWarnings() {
    return ruleBreaches(editor.getValue()).filter(function (breach) { return breach.warning; });
  }

  /* Marks exactly these errors at their fields, touched or not (the library, left to itself,
   * neither marks nor clears a field the person has not touched). */
  function markErrors(errors) {
    var mode = editor.options.show_errors;
    editor.options.show_errors = "always";
    editor.root.showValidationErrors(errors);
    editor.options.show_errors = mode;
    /* once more in the page's own mode: each field remembers the mode it was last judged in and,
     * judged next in another, would mark every untouched field again */
    editor.root.showValidationErrors(errors);
  }

  function listed(entries, prefix) {
    var list = document.createElement("ul");
    entries.slice(0, 20).forEach(function (entry) {
      list.appendChild(text("li", prefix + fieldName(entry.path) + "：" + entry.message));
    });
    return list;
  }

  function report() {
    var errors = currentErrors();
    var warnings = currentWarnings();
    markErrors(errors.concat(warnings.map(function (warning) {
      return { path: warning.path, property: warning.property, message: "提醒：" + warning.message };
    })));
    if (!status) {
      return errors;
    }
    status.textContent = "";
    if (errors.length === 0) {
      status.appendChild(text("p", "表单按合并请求检查的规则检查了本份记录：没有发现问题。下载后按上面的位置提交。" +
        "与其他文件的对照（如问题编号是否在自查报告或督查记录中、编号是否重复、佐证材料是否一并提交）" +
        "由提交后的合并请求检查判断，有问题会在合并请求中说明。", "ts-form-ok"));
    } else {
      status.appendChild(text("p", "还有 " + errors.length + " 处需要修改（已在表单中标出）：", "ts-form-bad"));
      status.appendChild(listed(errors, ""));
    }
    if (warnings.length > 0) {
      status.appendChild(text("p", "另有 " + warnings.length + " 处提醒（不影响下载，请核对）：", "ts-form-warn"));
      status.appendChild(listed(warnings, ""));
    }
    return errors;
  }

  function download() {
    if (report().length > 0) {
      return;
    }
    var blob = new Blob([yaml()], { type: "text/yaml;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = path().split("/").pop();
    document.body.appendChild(link);
    link.click();
    link.remove();
    dirty = false;
  }

  /* Names for the library's own controls, in the words of the field they belong to: the opt-in
   * box of an optional field is labelled with the field's form name (root[...]-opt-in), the
   * choice between the shapes of a value has only a tooltip, and the fields of such a shape have
   * no label at all. */
  function labelControls() {
    Array.prototype.forEach.call(editorHolder.querySelectorAll("[data-schemapath]"), function (holder) {
      var field = editor.getEditor(holder.getAttribute("data-schemapath"));
      var title = field && field.schema && field.schema.title;
      if (!title) {
        return;
      }
      var optIn = holder.querySelector(":scope > * .json-editor-opt-in, :scope > .json-editor-opt-in");
      if (optIn && optIn.closest("[data-schemapath]") === holder) {
        optIn.setAttribute("aria-label", "填写“" + title + "”");
        var hiddenLabel = optIn.parentNode.querySelector("label[for='" + optIn.id + "']");
        if (hiddenLabel) {
          hiddenLabel.textContent = "填写“" + title + "”";
        }
      }
      Array.prototype.forEach.call(holder.querySelectorAll(":scope > .form-control > input, " +
          ":scope > .form-control > textarea, :scope > .form-control > select"), function (control) {
        if (!control.labels || control.labels.length === 0) {
          control.setAttribute("aria-label", title);
        }
      });
      var switcher = holder.querySelector(".je-switcher");
      if (switcher && switcher.closest("[data-schemapath]") === holder) {
        switcher.setAttribute("aria-label", title + "的填写方式");
      }
    });
  }

  /* A value with two shapes (evidence kept in the repository or outside it): the library carries
   * over only the fields both shapes share when a clerk switches. What was typed in a shape is
   * remembered here and given back when the clerk switches back to it. */
  var shapes = {};

  function keepShapes() {
    Array.prototype.forEach.call(editorHolder.querySelectorAll(".je-switcher"), function (switcher) {
      var holder = switcher.closest("[data-schemapath]");
      var field = holder && editor.getEditor(holder.getAttribute("data-schemapath"));
      if (!field || !field.editors || field.type === undefined) {
        return;
      }
      var memory = shapes[field.path] || (shapes[field.path] = { type: field.type, values: {} });
      var current = field.editors[field.type] && field.editors[field.type].getValue();
      var before = memory.values[field.type];
      if (memory.type !== field.type && before && current && typeof current === "object") {
        var restored = {};
        Object.keys(before).forEach(function (name) { restored[name] = before[name]; });
        Object.keys(current).forEach(function (name) {
          if (current[name] !== "" && current[name] !== undefined) {
            restored[name] = current[name]; /* what both shapes share, as it is now */
          }
        });
        field.editors[field.type].setValue(restored);
        current = restored;
      }
      memory.type = field.type;
      memory.values[field.type] = current;
    });
  }

  var waiting = [];

  editor.on("ready", function () {
    judgeWholly();
    markErrors([]); /* a form nobody has touched yet is not covered in red (the library marks it all once) */
    ready = true;
    numberNewEntries();
    showPath();
    labelControls();
    waiting.splice(0).forEach(function (callback) { callback(); });
  });
  editor.on("change", function () {
    if (!ready) {
      return;
    }
    numberNewEntries();
    keepShapes();
    showPath();
    labelControls();
    root.dispatchEvent(new CustomEvent("tieshai-form-change"));
  });
  /* Unsaved is what a person typed or chose, not what the page itself filled in. */
  ["input", "change"].forEach(function (type) {
    editorHolder.addEventListener(type, function () { dirty = true; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var checkButton = document.getElementById("ts-form-check");
  var downloadButton = document.getElementById("ts-form-download");
  if (checkButton) {
    checkButton.addEventListener("click", report);
  }
  if (downloadButton) {
    downloadButton.addEventListener("click", download);
  }

  window.tieshaiForm = {
    getValue: value,
    setValue: function (object) {
      editor.setValue(object);
      /* what the form marks is this value's own mistakes, not those of what it replaced */
      markErrors(currentErrors());
    },
    yaml: yaml,
    path: path,
    whenReady: function (callback) {
      if (ready) {
        callback();
      } else {
        waiting.push(callback);
      }
    },
    isDirty: function () { return dirty; },
    markSaved: function () { dirty = false; },
    errors: currentErrors,
    warnings: currentWarnings
  };
})();
