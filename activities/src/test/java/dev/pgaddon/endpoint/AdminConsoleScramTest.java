package dev.pgaddon.endpoint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The admin console's SCRAM-SHA-256 client against the exchange of RFC 7677, section 3. */
class AdminConsoleScramTest {
  private static final String SERVER_FIRST =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

  @Test
  void computesTheRfcsProofAndChecksTheServersSignature() throws Exception {
    AdminConsole.Scram scram = new AdminConsole.Scram("pencil", "user", "rOprNGfwEbeRWgbNEkqO");
    assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", scram.clientFirst());
    assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        scram.clientFinal(SERVER_FIRST));
    assertDoesNotThrow(() -> scram.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  }

  @Test
  void refusesAServerThatDoesNotKnowThePasswordOrChangesTheNonce() throws Exception {
    AdminConsole.Scram scram = new AdminConsole.Scram("pencil", "user", "rOprNGfwEbeRWgbNEkqO");
    scram.clientFirst();
    scram.clientFinal(SERVER_FIRST);
    assertThrows(IOException.class, () -> scram.verifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    AdminConsole.Scram other = new AdminConsole.Scram("pencil", "user", "rOprNGfwEbeRWgbNEkqO");
    other.clientFirst();
    assertThrows(IOException.class, () -> other.clientFinal("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
  }
}
