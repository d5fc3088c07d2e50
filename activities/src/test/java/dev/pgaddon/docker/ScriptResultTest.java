package dev.pgaddon.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pgaddon.docker.ScriptResult.Outcome;
import org.junit.jupiter.api.Test;

class ScriptResultTest {
  @Test
  void readsTheLastResultLineAfterTheLog() {
    ScriptResult r = ScriptResult.parse(0, "initdb output\n{\"outcome\":\"DONE\"}\nmore log\n"
        + "{\"outcome\":\"REWOUND\",\"message\":\"two\\nlines \\\"quoted\\\"\",\"bytes\":\"42\"}\n");
    assertEquals(Outcome.REWOUND, r.outcome());
    assertEquals("two\nlines \"quoted\"", r.message());
    assertEquals(42, r.number("bytes"));
    assertEquals(0, r.number("absent"));
  }

  @Test
  void aProgramThatStoppedWithoutAResultFailedWithItsLog() {
    ScriptResult r = ScriptResult.parse(1, "line one\nline two\nfatal: disk full\n");
    assertEquals(Outcome.FAILED, r.outcome());
    assertEquals("line one | line two | fatal: disk full", r.explanation());
  }

  @Test
  void anOutcomeThisWorkerDoesNotKnowIsAFailureNotAGuess() {
    assertEquals(Outcome.FAILED, ScriptResult.parse(0, "{\"outcome\":\"SOMETHING_NEW\"}").outcome());
    assertEquals(Outcome.FAILED, ScriptResult.parse(0, "{\"outcome\":\"DONE\"").outcome());
  }

  @Test
  void aLogLineThatMerelyMentionsAnOutcomeIsNotAResult() {
    assertEquals(Outcome.FAILED, ScriptResult.parse(1, "echo {\"outcome\":\"DONE\"}").outcome());
  }
}
