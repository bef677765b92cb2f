package dev.ferry.monitoring.dashboard;

import static dev.ferry.monitoring.dashboard.DashboardFixture.CONNECTOR;
import static dev.ferry.monitoring.dashboard.DashboardFixture.GROUP;
import static dev.ferry.monitoring.dashboard.DashboardFixture.ORDERS;
import static dev.ferry.monitoring.dashboard.DashboardFixture.ORDERS_HISTORY;
import static dev.ferry.monitoring.dashboard.DashboardFixture.PAYMENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.ferry.monitoring.dashboard.DashboardServer.Answer;
import dev.ferry.testkit.HeadlessChromium;

/**
 * Loads the dashboard's own files in headless Chromium against fixture JSON and checks what it renders.
 * Fails (never skips) when Chromium is missing: {@code .ci/run} installs it.
 */
class DashboardPageTest {

    // The page polls every 2 s of virtual time: 9 s gives polls at 0, 2, 4, 6 and 8 s.
    private static final Duration VIRTUAL_TIME = Duration.ofSeconds(9);
    private static final int MIN_POLLS = 3;

    private final HeadlessChromium chromium = new HeadlessChromium();

    @Test
    void showsTheLatestPollsFiguresInTablesAndCharts() throws IOException {
        Document page;
        int polls;
        int groupPolls;
        try (DashboardServer server = new DashboardServer(
                poll -> Answer.ok(DashboardFixture.replication(poll)), poll -> Answer.ok(DashboardFixture.groups(poll)))) {
            page = Jsoup.parse(chromium.dumpDom(server.page(), VIRTUAL_TIME));
            polls = server.replicationPolls();
            groupPolls = server.groupsPolls();
        }

        assertTrue(polls >= MIN_POLLS, "the page polled v1/replication " + polls + " times in 9 s");
        assertTrue(groupPolls >= MIN_POLLS, "the page polled v1/groups " + groupPolls + " times in 9 s");
        // Every poll's figures differ, so showing the last poll's figures proves the page updates itself.
        assertEquals(DashboardFixture.ordersPartitionRows(polls), rows(page, "Partitions of " + ORDERS));
        assertEquals(DashboardFixture.paymentsPartitionRows(), rows(page, "Partitions of " + PAYMENTS));
        assertEquals(DashboardFixture.billingRows(groupPolls),
                rows(page, "Offsets of group " + GROUP + ": translated vs committed on the target"));
        assertEquals(DashboardFixture.heartbeatRows(), rows(page, "End-to-end latency per cluster pair"));
        Element audit = page.select("#groups .group").last();
        assertTrue(audit.text().startsWith("audit STALE"), audit.text());
        assertTrue(audit.text().contains("Checkpoint age 10 min"), audit.text());
        assertTrue(audit.text().contains("No partitions checkpointed for this group yet."), audit.text());

        Element card = page.selectFirst("#connectors .connector-card");
        assertNotNull(card, page.body().html());
        assertEquals(CONNECTOR + " WARN", card.selectFirst("h3").text());
        assertTrue(card.text().contains("Lag " + DashboardFixture.count(DashboardFixture.connectorLag(polls)) + " records"),
                card.text());
        assertTrue(card.text().contains("Records/s " + DashboardFixture.decimal(DashboardFixture.ordersRate(polls))
                + " (1 min), 5,900 (5 min)"), card.text());
        assertTrue(card.text().contains("Bytes/s 3 MiB/s (1 min), 2.5 MiB/s (5 min)"), card.text());

        // Charts: the server's history, then one point per poll, the last one being the last poll's figure.
        Element ordersLag = chart(page, "Lag (records) of " + ORDERS);
        assertEquals(ORDERS_HISTORY + polls, drawnPoints(ordersLag));
        assertEquals(DashboardFixture.count(DashboardFixture.ordersLag(polls)), ordersLag.selectFirst(".latest").text());
        Element ordersRate = chart(page, "Throughput (records/s) of " + ORDERS);
        assertEquals(ORDERS_HISTORY + polls, drawnPoints(ordersRate));
        assertEquals(DashboardFixture.decimal(DashboardFixture.ordersRate(polls)), ordersRate.selectFirst(".latest").text());
        assertEquals(polls, drawnPoints(chart(page, "Lag (records) of " + PAYMENTS)));
        assertEquals(polls, drawnPoints(chart(page, "Throughput (records/s) of " + PAYMENTS)));

        // Names are data: shown as text, never turned into elements.
        assertTrue(page.select("#connectors i, #topics i, #groups b, #heartbeats i").isEmpty(), page.body().html());
        assertTrue(page.select("#error").hasAttr("hidden"), "error banner shown: " + page.select("#error").text());
        assertTrue(page.selectFirst("#updated").text().startsWith("Updated "), page.selectFirst("#updated").text());
    }

    @Test
    void tablesAndChartsAreLabelledForAssistiveTechnology() throws IOException {
        Document page;
        try (DashboardServer server = new DashboardServer(
                poll -> Answer.ok(DashboardFixture.replication(poll)), poll -> Answer.ok(DashboardFixture.groups(poll)))) {
            page = Jsoup.parse(chromium.dumpDom(server.page(), Duration.ofSeconds(1)));
        }

        List<Element> tables = page.select("table");
        assertEquals(4, tables.size(), "two partition tables, one heartbeats table and one group table (the other group has no partitions)");
        for (Element table : tables) {
            assertFalse(table.select("caption").text().isBlank(), table.outerHtml());
            assertFalse(table.select("thead th").isEmpty(), table.outerHtml());
            assertTrue(table.select("thead th").stream().allMatch(th -> th.attr("scope").equals("col")), table.outerHtml());
            assertTrue(table.select("tbody tr").stream().allMatch(tr -> tr.child(0).attr("scope").equals("row")),
                    table.outerHtml());
        }
        List<Element> charts = page.select("svg");
        assertEquals(4, charts.size(), "lag and throughput for two topics");
        for (Element chart : charts) {
            assertEquals("img", chart.attr("role"));
            assertFalse(chart.attr("aria-label").isBlank(), chart.outerHtml());
        }
        assertTrue(page.select("script").stream().allMatch(s -> s.attr("src").equals("assets/dashboard.js")),
                "only the bundled script, no inline code: " + page.select("script"));
        assertTrue(page.getAllElements().stream().allMatch(e -> e.attributes().asList().stream()
                .noneMatch(a -> a.getKey().startsWith("on"))), "no inline event handlers");
    }

    @Test
    void aRefusedFetchShowsABannerAndKeepsTheLastFigures() throws IOException {
        int answeredPolls = 2;
        Document page;
        try (DashboardServer server = new DashboardServer(
                poll -> poll <= answeredPolls ? Answer.ok(DashboardFixture.replication(poll)) : Answer.refused(401),
                poll -> Answer.ok(DashboardFixture.groups(poll)))) {
            page = Jsoup.parse(chromium.dumpDom(server.page(), VIRTUAL_TIME));
            assertTrue(server.replicationPolls() > answeredPolls, "polls: " + server.replicationPolls());
        }

        Element banner = page.selectFirst("#error");
        assertNotNull(banner);
        assertFalse(banner.hasAttr("hidden"), "banner hidden");
        assertEquals("alert", banner.attr("role"));
        assertTrue(banner.text().contains("v1/replication: HTTP 401"), banner.text());
        assertTrue(banner.text().contains("credentials"), banner.text());
        assertTrue(banner.text().contains("Figures shown are from"), banner.text());
        assertFalse(banner.text().contains("v1/groups"), "groups still answer: " + banner.text());
        assertEquals(DashboardFixture.ordersPartitionRows(answeredPolls), rows(page, "Partitions of " + ORDERS));
    }

    @Test
    void aFirstFetchThatFailsSaysThereAreNoFiguresYet() throws IOException {
        Document page;
        try (DashboardServer server = new DashboardServer(poll -> Answer.refused(401), poll -> Answer.refused(503))) {
            page = Jsoup.parse(chromium.dumpDom(server.page(), Duration.ofSeconds(1)));
        }

        String banner = page.selectFirst("#error").text();
        assertTrue(banner.contains("v1/replication: HTTP 401"), banner);
        assertTrue(banner.contains("v1/groups: HTTP 503"), banner);
        assertTrue(banner.contains("No figures yet."), banner);
        assertTrue(page.select("#topics table, #groups table").isEmpty(), page.body().html());
    }

    /** Kept as a build artifact (target/dashboard.png) to look at. */
    @Test
    void screenshotOfTheLivePage() throws IOException {
        Path png = Path.of(System.getProperty("ferry.test.log.dir", "target"), "dashboard.png");
        try (DashboardServer server = new DashboardServer(
                poll -> Answer.ok(DashboardFixture.replication(poll)), poll -> Answer.ok(DashboardFixture.groups(poll)))) {
            chromium.screenshot(server.page(), VIRTUAL_TIME, png, 1400, 1000);
            assertTrue(server.replicationPolls() >= MIN_POLLS, "polls: " + server.replicationPolls());
        }

        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(png), 16, 8);
        assertEquals(1400, header.getInt(), "screenshot width");
        assertEquals(1000, header.getInt(), "screenshot height");
    }

    private static List<List<String>> rows(Document page, String caption) {
        Element table = page.select("table").stream()
                .filter(t -> t.selectFirst("caption") != null && t.selectFirst("caption").text().equals(caption))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no table captioned '" + caption + "'; captions: "
                        + page.select("caption").eachText()));
        return table.select("tbody > tr").stream()
                .map(row -> row.children().stream().map(Element::text).collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    private static Element chart(Document page, String title) {
        return page.select("figure.chart").stream()
                .filter(f -> f.selectFirst("figcaption").ownText().strip().equals(title))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chart titled '" + title + "'; charts: "
                        + page.select("figure.chart figcaption").eachText()));
    }

    /** Points drawn in the chart's line, checked against the count the page declares on the SVG. */
    private static int drawnPoints(Element chart) {
        Element path = chart.selectFirst("path.series");
        assertNotNull(path, "no line drawn in " + chart.outerHtml());
        int vertices = path.attr("d").split("[ML]").length - 1;
        assertEquals(Integer.parseInt(chart.selectFirst("svg").attr("data-points")), vertices, path.attr("d"));
        return vertices;
    }
}
