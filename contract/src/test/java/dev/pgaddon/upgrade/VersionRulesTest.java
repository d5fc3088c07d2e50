package dev.pgaddon.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionRulesTest {
  private static final List<String> OFFERED = List.of("15.18", "15.20", "17.12");

  @Test
  void theLatestMinorComesBeforeTheNextMajor() {
    assertEquals(Optional.of("15.20"), VersionRules.next("15.18", OFFERED));
    assertEquals(Optional.of("17.12"), VersionRules.next("15.20", OFFERED));
    assertEquals(Optional.empty(), VersionRules.next("17.12", OFFERED));
  }

  @Test
  void skippingTheMinorIsRefusedWithTheVersionToTakeFirst() {
    String problem = VersionRules.problem("15.18", "17.12", OFFERED);
    assertTrue(problem.contains("latest minor of your major first: PostgreSQL 15.20"), problem);
  }

  @Test
  void downgradesAndUnofferedVersionsAreRefused() {
    assertTrue(VersionRules.problem("15.20", "15.18", OFFERED).contains("downgrades are not possible"));
    assertTrue(VersionRules.problem("15.20", "16.4", OFFERED).contains("not offered"));
    assertTrue(VersionRules.problem("15.20", "15.20", OFFERED).contains("already runs"));
  }

  @Test
  void allowedMovesHaveNoProblem() {
    assertNull(VersionRules.problem("15.18", "15.20", OFFERED));
    assertNull(VersionRules.problem("15.20", "17.12", OFFERED));
    assertTrue(VersionRules.isMajor("15.20", "17.12"));
  }

  @Test
  void majorsAreNotSkipped() {
    String problem = VersionRules.problem("15.20", "19.1", List.of("15.20", "17.12", "19.1"));
    assertTrue(problem.contains("one major at a time"), problem);
  }

  /** Workflow code calls this: an exception would fail the workflow task forever instead of the operation once. */
  @Test
  void anUnknownCurrentVersionIsAReasonNotACrash() {
    assertTrue(VersionRules.problem(null, "15.20", OFFERED).contains("current PostgreSQL version is unknown"));
    assertTrue(VersionRules.problem("fifteen", "15.20", OFFERED).contains("'fifteen' is not a PostgreSQL version"));
    assertTrue(VersionRules.problem("15", "15.20", OFFERED).contains("'15' is not a PostgreSQL version"));
  }
}
