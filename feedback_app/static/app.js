// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// "Read this to me": reads a question and its answers aloud where the browser
// can (Web Speech API). The button stays hidden where it cannot.
if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
  for (const button of document.querySelectorAll("[data-read-aloud]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const group = document.getElementById(button.dataset.readAloud);
      if (!group) return;
      const heading = group.querySelector("legend, label.govuk-label, .govuk-label");
      const hint = group.querySelector(".govuk-hint");
      const answers = [...group.querySelectorAll(".govuk-radios__label, .govuk-checkboxes__label")].map(
        (label) => label.textContent.trim(),
      );
      const words = [heading?.textContent, hint?.textContent, answers.join(". ")]
        .filter(Boolean)
        .map((text) => text.trim())
        .join(". ");
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(words);
      utterance.lang = document.documentElement.lang || "en-GB";
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    });
  }
}
