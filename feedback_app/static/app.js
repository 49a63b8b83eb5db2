// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// "Read this to me": reads a question and its answers aloud where the browser can
// (Web Speech API), in a voice for the page's language (<html lang>). The button
// stays hidden where the browser cannot speak; where it can speak but has no voice
// for the page's language, the page says so in its own language instead of
// offering a button that would read the words in the wrong voice.
const pageLanguage = (document.documentElement.lang || "en").toLowerCase();

function voiceFor(language) {
  const primary = language.split("-")[0];
  const voices = window.speechSynthesis.getVoices();
  const matches = voices.filter((voice) => voice.lang.toLowerCase().replace("_", "-").split("-")[0] === primary);
  // An English page prefers a British voice; otherwise the device's own default for the language.
  return (
    matches.find((voice) => voice.lang.toLowerCase().replace("_", "-") === (primary === "en" ? "en-gb" : language)) ||
    matches.find((voice) => voice.default) ||
    matches[0] ||
    null
  );
}

function read(button, voice) {
  const group = document.getElementById(button.dataset.readAloud);
  if (!group) return;
  const heading = group.querySelector("legend, label.govuk-label, .govuk-label");
  const hint = group.querySelector(".govuk-hint");
  const answers = [...group.querySelectorAll(".govuk-radios__label, .govuk-checkboxes__label")].map((label) =>
    label.textContent.trim(),
  );
  const words = [heading?.textContent, hint?.textContent, answers.join(". ")]
    .filter(Boolean)
    .map((text) => text.trim())
    .join(". ");
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(words);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = 0.9;
  window.speechSynthesis.speak(utterance);
}

function offerReadAloud() {
  const voice = voiceFor(pageLanguage);
  for (const button of document.querySelectorAll("[data-read-aloud]")) {
    const none = button.parentElement.querySelector(".app-read-aloud-none");
    button.hidden = !voice;
    if (none) none.hidden = Boolean(voice);
    button.onclick = voice ? () => read(button, voice) : null;
  }
}

if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
  // Many browsers load their voices after the page: decide once they are there, and again if
  // they change. A browser that never lists a voice is told so after a short wait.
  if (window.speechSynthesis.getVoices().length) offerReadAloud();
  else setTimeout(offerReadAloud, 2000);
  window.speechSynthesis.addEventListener?.("voiceschanged", offerReadAloud);
}
