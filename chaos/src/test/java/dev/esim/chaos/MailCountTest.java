package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MailCountTest {

    private static String mail(String messageId) {
        return "Date: Sun, 6 Dec 2026 17:12:01 +0000 (UTC)\r\nMessage-ID:\r\n " + messageId
                + "\r\nSubject: Your eSIM for USA 5 GB is ready: scan to install\r\n\r\nbody";
    }

    @Test
    void aCopyResentWithTheSameMessageIdIsOneEmailTwoDifferentOnesAreTwo() {
        List<String> resent = List.of(mail("<evt-1.activation@n.local>"), mail("<evt-1.activation@n.local>"));
        List<String> twoEmails = List.of(mail("<evt-1.activation@n.local>"), mail("<evt-2.activation@n.local>"));

        assertThat(Verdict.distinctMessages(resent)).isEqualTo(1);
        assertThat(Verdict.copiesOfOneMessage(resent)).isEqualTo(2);
        assertThat(Verdict.distinctMessages(twoEmails)).isEqualTo(2);
        assertThat(Verdict.copiesOfOneMessage(twoEmails)).isEqualTo(1);
        assertThat(Verdict.isActivationMail(Verdict.subject(resent.get(0)))).isTrue();
    }
}
