package dev.pgaddon.extensions;

import dev.pgaddon.node.NodeAddress;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The spec's "Managing Extensions", in the application's database, as its superuser. */
@ActivityInterface
public interface ExtensionActivities {
  record ExtensionInput(String addonId, NodeAddress primary, String database, String name) {}

  record ExtensionChanged(String name, String detail) {}

  /** CREATE EXTENSION IF NOT EXISTS; one the image does not hold is refused with PostgreSQL's reason. */
  @ActivityMethod(name = "EnableExtension")
  ExtensionChanged enable(ExtensionInput input);

  /** DROP EXTENSION IF EXISTS, never CASCADE: a refusal (objects depend on it) is PostgreSQL's reason, nothing dropped. */
  @ActivityMethod(name = "DisableExtension")
  ExtensionChanged disable(ExtensionInput input);
}
