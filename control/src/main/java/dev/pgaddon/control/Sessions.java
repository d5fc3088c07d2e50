package dev.pgaddon.control;

import dev.pgaddon.control.Tokens.TokenRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Dashboard sessions. A session is started with an API token and acts with that token's scope; it
 * ends on sign-out, after {@link #IDLE} unused, after {@link #LONGEST} in any case, and with its
 * token when that is revoked. Only a hash of its secret is kept; the rows of dead sessions are
 * purged whenever a session starts.
 */
public final class Sessions {
  public static final String PREFIX = "pgs_";
  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration LONGEST = Duration.ofHours(12);
  private static final SecureRandom RANDOM = new SecureRandom();

  public record NewSession(String secret, Instant expiresAt) {}

  private final Sql sql;
  private final Tokens tokens;

  Sessions(ControlDatabase db) {
    this.sql = new Sql(db);
    this.tokens = db.tokens();
  }

  public NewSession start(TokenRecord token) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expires = Instant.now().plus(IDLE);
    sql.update("start a session", "INSERT INTO api_sessions (session_hash, token_id, expires_at) VALUES (?, ?, ?)",
        Tokens.hash(secret), token.id(), expires);
    return new NewSession(secret, expires);
  }

  /** How many sessions of this token are live (not ended, not idle too long, younger than {@link #LONGEST}). */
  public int live(String tokenId) {
    return sql.one("count the sessions of " + tokenId, "SELECT count(*) FROM api_sessions WHERE token_id = ?"
        + " AND ended_at IS NULL AND expires_at > now() AND created_at > now() - ?::interval",
        rs -> rs.getInt(1), tokenId, LONGEST.toSeconds() + " seconds").orElse(0);
  }

  /** Forgets sessions that can no longer be used (ended, idle too long, or older than {@link #LONGEST}). */
  public int purgeDead() {
    return sql.update("purge dead sessions", "DELETE FROM api_sessions WHERE ended_at IS NOT NULL OR expires_at <= now()"
        + " OR created_at <= now() - ?::interval", LONGEST.toSeconds() + " seconds");
  }

  /** The live token behind a live session, whose idle deadline moves on (at most once a minute). */
  public Optional<TokenRecord> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    byte[] hash = Tokens.hash(secret);
    Optional<String> tokenId = sql.one("read a session", "SELECT token_id FROM api_sessions WHERE session_hash = ?"
        + " AND ended_at IS NULL AND expires_at > now() AND created_at > now() - ?::interval",
        rs -> rs.getString(1), hash, LONGEST.toSeconds() + " seconds");
    Optional<TokenRecord> token = tokenId.flatMap(tokens::live);
    token.ifPresent(t -> sql.update("extend a session", "UPDATE api_sessions SET expires_at = now() + ?::interval"
        + " WHERE session_hash = ? AND expires_at < now() + ?::interval", IDLE.toSeconds() + " seconds", hash,
        IDLE.minusMinutes(1).toSeconds() + " seconds"));
    return token;
  }

  /** @return false when no live session has this secret */
  public boolean end(String secret) {
    return sql.update("end a session", "UPDATE api_sessions SET ended_at = now() WHERE session_hash = ? AND ended_at IS NULL",
        (Object) Tokens.hash(secret)) == 1;
  }
}
