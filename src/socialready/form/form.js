/* socialready's offline form: runs the SurveyJS form made from a questionnaire, keeps the
 * answers in the browser (localStorage) as they are given, writes them as a responses
 * file (JSON) that socialready.load_responses reads unchanged, and reads such a file back
 * to continue. The page that holds this script holds everything else it needs: it loads
 * nothing from anywhere. */
(function () {
  "use strict";

  var form = JSON.parse(document.getElementById("sr-surveyjs").textContent);
  var config = JSON.parse(document.getElementById("sr-config").textContent);
  var storageKey = "socialready-form:" + config.questionnaire + ":" + config.fingerprint;
  var WRAPPER = ["value", "note", "evidence"];

  var model = new Survey.Model(form);
  var annotations = {}; // question id -> {note, evidence}, read from an imported file
  var completed = false;

  /* The language shown: SurveyJS gives its default language (English) as "". */
  function locale() {
    return model.locale || Survey.surveyLocalization.defaultLocale || config.fallback;
  }

  function say(key) {
    var texts = config.texts[key];
    return texts[locale()] || texts[config.fallback];
  }

  function empty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  function plainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // --- form values -> responses values ---------------------------------------------------

  function rosterRecord(fields, panel) {
    var record = {};
    Object.keys(fields).forEach(function (id) {
      var value = panel[id];
      if (fields[id] === "raci") {
        var duties = {};
        Object.keys(value || {}).forEach(function (duty) {
          var roles = (value[duty] || {}).roles || [];
          var letters = config.roles.filter(function (r) { return roles.indexOf(r) >= 0; });
          if (letters.length) duties[duty] = letters.join("");
        });
        value = duties;
      } else if (fields[id] === "text" && typeof value === "string") {
        value = value.trim();
      }
      if (!empty(value)) record[id] = value;
    });
    return record;
  }

  function answerOf(id, value) {
    var question = config.questions[id];
    if (question.kind === "roster") {
      value = (value || []).map(function (panel) { return rosterRecord(question.fields, panel); })
        .filter(function (record) { return !empty(record); });
    } else if (question.kind === "matrix" && plainObject(value)) {
      var rows = {};
      Object.keys(value).forEach(function (row) { if (!empty(value[row])) rows[row] = value[row]; });
      value = rows;
    } else if (question.kind === "text" && typeof value === "string") {
      value = value.trim();
    }
    return empty(value) ? undefined : value;
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /* The answers as a responses file: "final" once the form is completed (every page
   * checked), "draft" before, with "To be completed" where a required text is missing. */
  function responses() {
    var data = model.data;
    var toFill = config.toFill[locale()] || config.toFill[config.fallback];
    var out = {
      questionnaire: config.questionnaire,
      status: completed ? "final" : "draft",
      organisation: { name: toFill },
      date: today(),
      assessor: toFill,
      answers: {},
    };
    Object.keys(config.header).forEach(function (name) {
      var value = data[name];
      if (typeof value === "string") value = value.trim();
      if (empty(value)) return;
      var path = config.header[name];
      if (path.length === 2) out[path[0]][path[1]] = value;
      else out[path[0]] = value;
    });
    Object.keys(config.questions).forEach(function (id) {
      var question = model.getQuestionByName(id);
      if (!question || !question.isVisible) return;
      var value = answerOf(id, data[id]);
      if (value === undefined) return;
      var note = annotations[id];
      if (note) {
        var wrapped = { value: value };
        if (note.note) wrapped.note = note.note;
        if (note.evidence) wrapped.evidence = note.evidence;
        value = wrapped;
      }
      out.answers[id] = value;
    });
    return out;
  }

  // --- responses values -> form values ---------------------------------------------------

  function formValue(id, value) {
    var question = config.questions[id];
    if (!question) return undefined;
    if (question.kind === "roster" && Array.isArray(value)) {
      return value.map(function (record) {
        var panel = {};
        Object.keys(record || {}).forEach(function (field) {
          var item = record[field];
          if (question.fields[field] === "raci" && plainObject(item)) {
            var duties = {};
            Object.keys(item).forEach(function (duty) {
              duties[duty] = { roles: String(item[duty]).toUpperCase().split("") };
            });
            item = duties;
          }
          panel[field] = item;
        });
        return panel;
      });
    }
    if (question.kind === "multiple_choice" && typeof value === "string") return [value];
    return value;
  }

  function wrapped(id, value) {
    if (!plainObject(value) || !("value" in value)) return false;
    if (config.questions[id] && config.questions[id].kind !== "matrix") return true;
    return Object.keys(value).every(function (key) { return WRAPPER.indexOf(key) >= 0; });
  }

  /* Fill the form from a responses file's content (a JS object); its notes and evidence are
   * kept and written back with the answers. */
  function load(file) {
    if (!plainObject(file) || file.questionnaire !== config.questionnaire) {
      var named = plainObject(file) && file.questionnaire ? file.questionnaire : "?";
      throw new Error(say("otherQuestionnaire").replace("{found}", named)
        .replace("{expected}", config.questionnaire));
    }
    var data = {};
    var notes = {};
    Object.keys(config.header).forEach(function (name) {
      var path = config.header[name];
      var value = path.length === 2 ? (file[path[0]] || {})[path[1]] : file[path[0]];
      if (!empty(value)) data[name] = value;
    });
    var answers = plainObject(file.answers) ? file.answers : {};
    Object.keys(answers).forEach(function (id) {
      var value = answers[id];
      if (wrapped(id, value)) {
        if (value.note || value.evidence) notes[id] = { note: value.note, evidence: value.evidence };
        value = value.value;
      }
      value = formValue(id, value);
      if (!empty(value)) data[id] = value;
    });
    completed = false;
    annotations = notes;
    model.clear(true, true);
    model.data = data;
    save();
  }

  // --- progress kept in the browser ------------------------------------------------------

  function save() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({
        data: model.data, page: model.currentPageNo, locale: locale(),
        annotations: annotations,
      }));
    } catch (e) { /* storage full or refused: the form still works, unsaved */ }
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(storageKey) || "null"); } catch (e) { }
    if (!plainObject(saved)) return;
    annotations = plainObject(saved.annotations) ? saved.annotations : {};
    if (saved.locale && config.languages.indexOf(saved.locale) >= 0) model.locale = saved.locale;
    model.data = saved.data || {};
    if (typeof saved.page === "number" && saved.page < model.visiblePageCount) {
      model.currentPageNo = saved.page;
    }
  }

  // --- the bar: language, import, export ---------------------------------------------------

  function fileName() {
    var name = (model.data._organisation_name || "responses").toString();
    var slug = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "responses";
    return slug + (completed ? "" : "-draft") + ".json";
  }

  function download() {
    var text = JSON.stringify(responses(), null, 2) + "\n";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = fileName();
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function relabel() {
    document.documentElement.lang = locale();
    document.querySelectorAll("[data-text]").forEach(function (node) {
      node.textContent = say(node.getAttribute("data-text"));
    });
  }

  function status(text, failed) {
    var node = document.getElementById("sr-status");
    node.textContent = text;
    node.className = failed ? "sr-status sr-failed" : "sr-status";
  }

  document.getElementById("sr-export").addEventListener("click", download);
  document.getElementById("sr-import").addEventListener("change", function (event) {
    var input = event.target;
    var chosen = input.files && input.files[0];
    if (!chosen) return;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        load(JSON.parse(String(reader.result)));
        status(say("imported").replace("{file}", chosen.name), false);
      } catch (e) {
        status(chosen.name + ": " + (e instanceof SyntaxError ? say("notJson") : e.message), true);
      }
      input.value = "";
    };
    reader.readAsText(chosen);
  });
  var languages = document.getElementById("sr-language");
  if (languages) {
    languages.addEventListener("change", function () {
      model.locale = languages.value;
      relabel();
      save();
    });
  }

  model.onValueChanged.add(save);
  model.onCurrentPageChanged.add(save);
  model.onComplete.add(function () {
    completed = true;
    save();
    download();
  });

  restore();
  if (languages) languages.value = locale();
  relabel();
  SurveyUI.renderSurvey(model, document.getElementById("sr-form"));

  // for scripts that drive the page (and its tests): the model and the conversions
  window.socialreadyForm = {
    model: model,
    responses: responses,
    load: load,
    formValue: formValue,
  };
})();
