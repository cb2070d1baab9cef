/*
 * Worker script of Invigil's mock proctoring backend, speaking the vendor worker protocol
 * (edx-proctoring §9.7): startExamAttempt -> examAttemptStarted, ping -> echo,
 * endExamAttempt -> examAttemptEnded. To exercise the error path, a page (or a test) sets
 * localStorage "invigil-mock-worker-fail" to "ping", "start" or "end"; workers cannot read
 * localStorage, so the page passes it in the worker URL's query (?fail=ping) or the
 * sessionStorage-backed flag is mirrored by the page into the message's `fail` field.
 */
/* global self */
(function () {
  var failFromUrl = "";
  try {
    failFromUrl = new URL(self.location.href).searchParams.get("fail") || "";
  } catch {
    failFromUrl = "";
  }
  var replies = {
    startExamAttempt: ["examAttemptStarted", "examAttemptStartFailed", "start"],
    endExamAttempt: ["examAttemptEnded", "examAttemptEndFailed", "end"],
    ping: ["echo", "pingFailed", "ping"],
  };
  self.addEventListener("message", function (event) {
    var data = event.data || {};
    var reply = replies[data.type];
    if (!reply) return;
    var fail = data.fail || failFromUrl;
    self.postMessage({ type: fail === reply[2] ? reply[1] : reply[0] });
  });
})();
