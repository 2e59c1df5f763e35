/* 铁筛: the rules that compare the fields of one record, judged in the page.
 *
 * The rules are data, written once in Python (scripts/tieshai/rules/record_rules.py) and given to
 * the page by the site build; this file judges them exactly as that module does, test by test,
 * and fills in the same sentences. tests/test_forms.py compares the two on every demo record and
 * on records that break every rule.
 *
 *   window.tieshaiRecordRules.judge(rules, value) -> [{ path: "root.items.0.status", code,
 *                                                       message, warning, atKey }]
 */
(function () {
  "use strict";

  var MISSING = {};
  var DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

  function parts(dotted) {
    return dotted ? dotted.split(".") : [];
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* Every concrete path the pattern names, with the entries its "*" stood for. */
  function places(data, pattern, path, entries, out) {
    if (pattern.length === 0) {
      out.push({ path: path, entries: entries });
      return out;
    }
    var head = pattern[0];
    var rest = pattern.slice(1);
    if (head === "*") {
      var keys = Array.isArray(data) ? data.map(function (_, index) { return index; })
        : isObject(data) ? Object.keys(data) : [];
      keys.forEach(function (key) {
        places(data[key], rest, path.concat([key]), entries.concat([key]), out);
      });
    } else if (isObject(data) && Object.prototype.hasOwnProperty.call(data, head)) {
      places(data[head], rest, path.concat([head]), entries, out);
    } else if (rest.length === 0) {
      out.push({ path: path.concat([head]), entries: entries });
    }
    return out;
  }

  function resolve(dotted, entries) {
    var index = 0;
    return parts(dotted).map(function (part) { return part === "*" ? entries[index++] : part; });
  }

  function read(data, path) {
    for (var i = 0; i < path.length; i += 1) {
      var part = path[i];
      if (isObject(data) && Object.prototype.hasOwnProperty.call(data, part)) {
        data = data[part];
      } else if (Array.isArray(data) && typeof part === "number" && part < data.length) {
        data = data[part];
      } else {
        return MISSING;
      }
    }
    var empty = data === null || data === undefined || data === "" || (Array.isArray(data) && data.length === 0);
    return empty ? MISSING : data;
  }

  function other(data, dotted, entries) {
    return read(data, resolve(dotted, entries));
  }

  function holds(data, when, entries) {
    var value = other(data, when[0], entries);
    return when[1] === "（有内容）" ? value !== MISSING : value === when[1];
  }

  function day(value) {
    if (typeof value !== "string" || !DATE.test(value)) {
      return null;
    }
    var parsed = new Date(value + "T00:00:00Z");
    return !isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value ? parsed : null;
  }

  function number(value) {
    return typeof value === "number" && isFinite(value) ? value : null;
  }

  function daysBetween(later, earlier) {
    return Math.round((later.getTime() - earlier.getTime()) / 86400000);
  }

  function iso(date) {
    return date.toISOString().slice(0, 10);
  }

  function deductedTotal(data, args) {
    var deductions = read(data, [args.deductions]);
    deductions = Array.isArray(deductions) ? deductions : [];
    var complete = deductions.every(function (entry) {
      return isObject(entry) && entry.item && number(entry.points) !== null;
    });
    if (!complete) {
      return null;
    }
    var deducted = {};
    deductions.forEach(function (entry) {
      deducted[entry.item] = (deducted[entry.item] || 0) + entry.points;
    });
    return Object.keys(args.points).reduce(function (sum, item) {
      return sum + Math.max(args.points[item] - (deducted[item] || 0), 0);
    }, 0);
  }

  /* Each test answers what its message is filled with when the rule is broken, else null. */
  var TESTS = {
    date_within: function (data, path, args) {
      var value = read(data, path);
      var date = day(value);
      if (date === null) {
        return null;
      }
      var early = args.start !== undefined && value < args.start;
      var late = args.end !== undefined && value > args.end;
      return early || late ? { value: value, start: args.start, end: args.end } : null;
    },
    not_before: function (data, path, args, entries) {
      var date = day(read(data, path));
      var before = day(other(data, args.other, entries));
      if (date === null || before === null) {
        return null;
      }
      var broken = args.strict ? date <= before : date < before;
      return broken ? { value: iso(date), other: iso(before) } : null;
    },
    not_greater: function (data, path, args, entries) {
      var value = number(read(data, path));
      var limit = number(other(data, args.other, entries));
      if (value === null || limit === null || value <= limit) {
        return null;
      }
      return { value: String(value), other: String(limit) };
    },
    present: function (data, path, args, entries) {
      return other(data, args.field, entries) === MISSING ? {} : null;
    },
    equals: function (data, path, args, entries) {
      return other(data, args.field, entries) === args.value ? null : {};
    },
    distinct: function (data, path, args) {
      var value = read(data, path);
      var siblings = read(data, path.slice(0, -2));
      var index = path[path.length - 2];
      var key = path[path.length - 1];
      if (args.ids.indexOf(value) < 0 || !Array.isArray(siblings) || typeof index !== "number") {
        return null;
      }
      for (var position = 0; position < index; position += 1) {
        if (isObject(siblings[position]) && siblings[position][key] === value) {
          return { value: value, first: position + 1 };
        }
      }
      return null;
    },
    covers: function (data, path, args) {
      var list = read(data, path);
      var given = Array.isArray(list) ? list.filter(isObject).map(function (entry) { return entry[args.key]; }) : [];
      var missing = args.ids.filter(function (item) { return given.indexOf(item) < 0; });
      return missing.length ? { missing: missing.join("、") } : null;
    },
    listed: function (data, path, args, entries) {
      var value = other(data, args.field, entries);
      if (value === MISSING) {
        return null;
      }
      var among = places(data, parts(args.among), [], [], []).map(function (place) { return read(data, place.path); });
      return among.indexOf(value) >= 0 ? null : { item: value };
    },
    one_of: function (data, path, args) {
      var value = read(data, path);
      if (typeof value !== "string" || args.ids.indexOf(value) >= 0 || value === args.unfilled) {
        return null; /* a placeholder has its own message */
      }
      return { value: value, choices: args.choices };
    },
    year: function (data, path, args) {
      var value = read(data, path);
      if (typeof value !== "string" || !/^[0-9]{4}-/.test(value)) {
        return null;
      }
      return Number(value.slice(0, 4)) === args.year ? null : { value: value, year: args.year };
    },
    days_within: function (data, path, args, entries) {
      var date = day(read(data, path));
      var since = day(other(data, args.since, entries));
      if (date === null || since === null) {
        return null;
      }
      var extended = args.extended !== undefined && other(data, args.extended, entries) === true;
      var allowed = args.days + (extended ? args.extension_days : 0);
      var days = daysBetween(date, since);
      return days > allowed ? { days: days, allowed: allowed } : null;
    },
    case_total: function (data, path, args) {
      var value = number(read(data, path));
      var total = deductedTotal(data, args);
      if (value === null || total === null || Math.abs(total - value) <= 1e-9) {
        return null;
      }
      return { expected: String(total), value: String(value) };
    },
    case_grade: function (data, path, args) {
      var value = read(data, path);
      var total = deductedTotal(data, args);
      var names = {};
      args.grades.forEach(function (grade) { names[grade[0]] = grade[1]; });
      if (!Object.prototype.hasOwnProperty.call(names, value) || total === null) {
        return null;
      }
      var vetoed = read(data, [args.vetoes]) !== MISSING;
      var expected = vetoed ? args.veto_grade
        : args.grades.filter(function (grade) { return total >= grade[2]; })[0][0];
      if (value === expected) {
        return null;
      }
      var reason = vetoed ? args.vetoed : args.scored.replace("{total}", String(total));
      return { reason: reason, expected: names[expected], value: names[value] };
    }
  };

  function fill(message, values) {
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function judge(rules, data) {
    var breaches = [];
    rules.forEach(function (rule) {
      places(data, parts(rule.at), [], [], []).forEach(function (place) {
        if (rule.when && !holds(data, rule.when, place.entries)) {
          return;
        }
        var filled = TESTS[rule.test](data, place.path, rule.args, place.entries);
        if (filled !== null) {
          breaches.push({
            path: ["root"].concat(place.path).join("."),
            code: rule.code,
            message: fill(rule.message, filled),
            warning: rule.warning,
            atKey: rule.at_key
          });
        }
      });
    });
    return breaches;
  }

  window.tieshaiRecordRules = { judge: judge };
})();
