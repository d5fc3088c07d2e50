package dev.pgaddon.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class PlanCatalogTest {
  @Test
  void listsTheSeedsPlansWithTheirNames() {
    assertEquals("Sandbox", PlanCatalog.require("postgresql-sandbox").name());
    assertEquals("Starter 512M", PlanCatalog.require("postgresql-starter-512").name());
    assertEquals("Starter 1G", PlanCatalog.require("postgresql-starter-1024").name());
    assertEquals("Business 1G", PlanCatalog.require("postgresql-business-1024").name());
    assertEquals(9, PlanCatalog.all().size());
  }

  @Test
  void businessPlansAreHighlyAvailableAndStarterPlansAreNot() {
    assertTrue(PlanCatalog.require("postgresql-business-512").highAvailability());
    assertEquals(2, PlanCatalog.require("postgresql-business-512").nodeCount());
    assertFalse(PlanCatalog.require("postgresql-starter-512").highAvailability());
    assertFalse(PlanCatalog.require("postgresql-sandbox").highAvailability());
  }

  @Test
  void settingsFollowTheMemorySize() {
    Plan plan = PlanCatalog.require("postgresql-starter-1024");
    assertEquals(1024L * 1024 * 1024, plan.memoryBytes());
    assertEquals("256MB", plan.postgresqlSettings().get("shared_buffers"));
    assertEquals("768MB", plan.postgresqlSettings().get("effective_cache_size"));
    assertEquals("200", plan.postgresqlSettings().get("max_connections"));
    assertEquals(100, plan.maxConnections());
  }

  @Test
  void anUnknownPlanIsANonRetryableInvalidRequest() {
    ApplicationFailure e = assertThrows(ApplicationFailure.class, () -> PlanCatalog.require("postgresql-gold"));
    assertEquals("InvalidRequest", e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("postgresql-gold"));
  }
}
