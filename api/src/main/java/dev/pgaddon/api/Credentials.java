package dev.pgaddon.api;

import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.Sessions;
import java.util.Optional;

/**
 * Who a bearer secret is now: a live API token, or a live dashboard session acting with its token's
 * scope. Asked on every request, and again while a long answer (a backup download) is sent.
 */
@FunctionalInterface
interface Credentials {
  Optional<Caller> check(String secret);

  static Credentials of(ControlDatabase db) {
    return secret -> secret.startsWith(Sessions.PREFIX)
        ? db.sessions().authenticate(secret).map(token -> new Caller(token, secret))
        : db.tokens().authenticate(secret).map(token -> new Caller(token, null));
  }
}
