package dev.pgaddon.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * API tokens: 32 random bytes shown once, stored as their SHA-256 only (a token has too much
 * entropy for a slow hash to matter), scoped to apps or admin, revocable, last use recorded.
 */
public final class Tokens {
  private static final String PREFIX = "pga_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as the database knows it (never the secret). */
  public record TokenRecord(String id, boolean admin, Set<String> apps, String description, Instant createdAt,
      Instant lastUsedAt, Instant revokedAt) {
    public boolean reaches(String app) {
      return admin || apps.contains(app);
    }
  }

  /** What `tokens create` prints once. */
  public record NewToken(String id, String secret) {}

  private final Sql sql;
  private final ControlDatabase db;

  Tokens(ControlDatabase db) {
    this.db = db;
    this.sql = new Sql(db);
  }

  public NewToken create(List<String> apps, boolean admin, String description) {
    if (admin == !apps.isEmpty()) {
      throw new IllegalArgumentException("a token is either admin or scoped to one or more apps");
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    String id = "tok-" + HexFormat.of().formatHex(idBytes);
    sql.update("create token", "INSERT INTO api_tokens (id, token_hash, admin, description) VALUES (?, ?, ?, ?)",
        id, hash(secret), admin, description == null ? "" : description);
    Apps known = db.apps();
    for (String app : apps) {
      known.ensure(app);
      sql.update("scope token to " + app, "INSERT INTO api_token_apps (token_id, app) VALUES (?, ?)", id, app);
    }
    return new NewToken(id, secret);
  }

  /** The live token with this secret, its last use recorded; empty for unknown or revoked ones. */
  public Optional<TokenRecord> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    Optional<TokenRecord> token = sql.one("authenticate token",
        SELECT + " WHERE t.token_hash = ? AND t.revoked_at IS NULL GROUP BY t.id", Tokens::map, (Object) hash(secret));
    // Recorded at most once a minute, so a busy client does not turn every read into a write.
    token.filter(t -> t.lastUsedAt() == null || t.lastUsedAt().isBefore(Instant.now().minusSeconds(60)))
        .ifPresent(t -> sql.update("record token use", "UPDATE api_tokens SET last_used_at = now() WHERE id = ?", t.id()));
    return token;
  }

  /** The token with this id, unless it was revoked. */
  public Optional<TokenRecord> live(String id) {
    return sql.one("read token " + id, SELECT + " WHERE t.id = ? AND t.revoked_at IS NULL GROUP BY t.id", Tokens::map, id);
  }

  public List<TokenRecord> list() {
    return sql.query("list tokens", SELECT + " GROUP BY t.id ORDER BY t.created_at", Tokens::map);
  }

  /** @return false when no live token has this id */
  public boolean revoke(String id) {
    return sql.update("revoke token " + id, "UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", id) == 1;
  }

  private static final String SELECT = "SELECT t.id, t.admin, t.description, t.created_at, t.last_used_at, t.revoked_at,"
      + " coalesce(array_agg(a.app) FILTER (WHERE a.app IS NOT NULL), '{}') AS apps"
      + " FROM api_tokens t LEFT JOIN api_token_apps a ON a.token_id = t.id";

  private static TokenRecord map(java.sql.ResultSet rs) throws java.sql.SQLException {
    Set<String> apps = new TreeSet<>(List.of((String[]) rs.getArray("apps").getArray()));
    return new TokenRecord(rs.getString("id"), rs.getBoolean("admin"), Set.copyOf(apps), rs.getString("description"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "last_used_at"), Sql.instant(rs, "revoked_at"));
  }

  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
