package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import sentinel.streams.model.Alert;

class HtmlReportTest {
  static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  /** A report as a replay of a leak plus a spoofed inbox would produce it. */
  static ReplayReport sample() {
    ReplayReport.Evidence leak = new ReplayReport.Evidence(
        List.of(new ReplayReport.HourPoint(T, 2), new ReplayReport.HourPoint(T.plusSeconds(3600), 900)), 2.0, 902, 4000, 2700, 1300, 0,
        0.33, List.of(new ReplayReport.Count("5.1.1", 1200), new ReplayReport.Count("5.7.1", 100)),
        List.of(new ReplayReport.IpLogin("203.0.113.7", "??", 90)), List.of(new ReplayReport.Count("??", 902)), 0, List.of(), 0, List.of());
    Alert compromised = new Alert("victim@x.test/COMPROMISED/1", "COMPROMISED", "critical", "victim@x.test", "10m", 120, 0,
        List.of(), List.of("203.0.113.7"), List.of("120 messages in 10 minutes <from 9 IPs>"), "Reset the password", T, T.plusSeconds(3700));
    Alert spoofed = new Alert("ceo@x.test/BACKSCATTER/1", "BACKSCATTER", "warning", "ceo@x.test", "60m", 800, 0,
        List.of(), List.of(), List.of("800 bounces for mail never sent"), "Publish DMARC p=reject", T, T.plusSeconds(4000));
    ReplayReport.Evidence quiet = new ReplayReport.Evidence(List.of(new ReplayReport.HourPoint(T, 0)), 0, 0, 0, 0, 0, 0, 0,
        List.of(), List.of(), List.of(), 0, List.of(), 800, List.of(new ReplayReport.HourPoint(T, 800)));
    return new ReplayReport(
        new ReplayReport.Run(List.of(new ReplayReport.SourceFile("mail.log", 1000, 10, false)), 10, 10, 1000, T, T.plusSeconds(7000),
            null, null, null, "UTC", 1, 10),
        List.of(
            new ReplayReport.VerdictGroup("compromised", "Accounts that look compromised", "m",
                List.of(new ReplayReport.Finding("victim@x.test", "critical", List.of("COMPROMISED"), List.of(compromised), "HOLD", true, leak,
                    List.of("Reset the account's password now")))),
            new ReplayReport.VerdictGroup("backscatter", "Inboxes hit by backscatter from spoofing", "m",
                List.of(new ReplayReport.Finding("ceo@x.test", "warning", List.of("BACKSCATTER"), List.of(spoofed), null, false, quiet,
                    List.of("Publish DMARC p=reject"))))),
        null,
        new ReplayReport.Overview(902, 4000, 902, 0, 2700, 1300, 0, 0,
            List.of(new ReplayReport.HourOutcomes(T, 2, 2, 0, 0, 0), new ReplayReport.HourOutcomes(T.plusSeconds(3600), 900, 2698, 1300, 0, 0)),
            List.of(new ReplayReport.SenderRow("victim@x.test", 902, 4000, 1300), new ReplayReport.SenderRow("quiet@x.test", 3, 3, 0)),
            List.of(new ReplayReport.Count("??", 902)), List.of()),
        new ReplayReport.Unparsed(9, 1, 1, 0, 0, 0, List.of(new ReplayReport.Reason("unknown", "unknown", "no syslog or MTA log frame", 1)),
            List.of(new ReplayReport.Sample("unknown/unknown: no syslog or MTA log frame", "<script>alert(1)</script>"))));
  }

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void putsTheVerdictFirstWithEachFindingItsChartAndWhatToDo() throws Exception {
    String html = HtmlReport.render(sample());
    Document doc = parse(html);
    XPath x = XPathFactory.newInstance().newXPath();
    NodeList sections = (NodeList) x.evaluate("/html/body/section/@id", doc, XPathConstants.NODESET);
    assertThat(sections.item(0).getNodeValue()).isEqualTo("verdict");
    assertThat(x.evaluate("count(//section[@id='verdict']/div[@data-verdict])", doc)).isEqualTo("2");
    assertThat(x.evaluate("//div[@data-verdict='compromised']//div[@data-subject='victim@x.test']//*[local-name()='svg']/@aria-label", doc))
        .isEqualTo("Messages per hour");
    assertThat(x.evaluate("count(//div[@data-subject='victim@x.test']//*[local-name()='line'][@class='baseline'])", doc)).isEqualTo("1");
    assertThat(x.evaluate("//div[@data-verdict='backscatter']//div[@data-subject='ceo@x.test']//ol/li", doc)).contains("DMARC p=reject");
    assertThat(x.evaluate("//div[@data-subject='ceo@x.test']//*[local-name()='svg'][2]/@aria-label", doc))
        .isEqualTo("Bounces into the mailbox per hour");
    assertThat(x.evaluate("//div[@data-subject='victim@x.test']//ol/li[1]", doc)).contains("Reset the account's password");
    assertThat(x.evaluate("count(//section[@id='overview']//*[local-name()='svg'])", doc)).isEqualTo("5");
    assertThat(x.evaluate("//section[@id='overview']//table[2]//tr[3]/td[1]", doc)).isEqualTo("quiet@x.test");
  }

  @Test
  void escapesWhatTheLogSaysAndNeedsNothingFromTheNetwork() throws Exception {
    String html = HtmlReport.render(sample());
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&lt;from 9 IPs&gt;");
    assertThat(html).doesNotContainPattern("(src|href)=\"https?:");
    assertThat(parse(html).getElementsByTagName("pre").item(0).getTextContent()).isEqualTo("<script>alert(1)</script>");
  }
}
