package dev.pgaddon.control;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The addons' credentials in the control database, each sealed with the workers' shared key and
 * bound to its addon and name (a value copied onto another row does not open). The first writer
 * wins: two workers asking at once for a secret that does not exist yet both get the same one.
 */
public final class SecretVault {
  private final Sql sql;
  private final SecretBox box;

  SecretVault(ControlDatabase db, SecretBox box) {
    this.sql = new Sql(db);
    this.box = box;
  }

  public String getOrCreate(String addonId, String name, Supplier<String> newValue) {
    Optional<String> stored = find(addonId, name);
    if (stored.isPresent()) {
      return stored.get();
    }
    sql.update("store secret " + name + " of " + addonId, "INSERT INTO addon_secrets (addon_id, name, sealed)"
        + " VALUES (?, ?, ?) ON CONFLICT (addon_id, name) DO NOTHING", addonId, name,
        box.seal(associatedData(addonId, name), newValue.get()));
    return find(addonId, name).orElseThrow(() -> new IllegalStateException(
        "secret " + name + " of " + addonId + " vanished as it was stored (the addon was removed meanwhile?)"));
  }

  public Optional<String> find(String addonId, String name) {
    return sql.one("read secret " + name + " of " + addonId,
        "SELECT sealed FROM addon_secrets WHERE addon_id = ? AND name = ?", rs -> rs.getBytes(1), addonId, name)
        .map(sealed -> box.open(associatedData(addonId, name), sealed));
  }

  public void deleteAll(String addonId) {
    sql.update("delete the secrets of " + addonId, "DELETE FROM addon_secrets WHERE addon_id = ?", addonId);
  }

  private static String associatedData(String addonId, String name) {
    return addonId + "/" + name;
  }
}
