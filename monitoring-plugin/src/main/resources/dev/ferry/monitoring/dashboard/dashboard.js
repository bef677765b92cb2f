/*
 * Ferry dashboard. Polls the monitoring REST extension every 2 s and renders connector roll-ups, per-topic
 * charts of lag and throughput, a per-partition health table, a consumer-group readiness table and the
 * end-to-end heartbeat latency of each cluster pair.
 *
 * URLs are relative, so the page works wherever the worker serves /ferry/ (any host, port, proxy prefix).
 * No dependencies. The DOM is built with createElement and text nodes only: connector, topic and group
 * names are user data and must never be parsed as markup.
 */
(function () {
  'use strict';

  const POLL_MS = 2000;
  const REPLICATION_URL = 'v1/replication';
  const GROUPS_URL = 'v1/groups';
  const HEARTBEATS_URL = 'v1/heartbeats';
  // 30 minutes of one point per poll: enough to see a trend, bounded for a tab left open for days.
  const MAX_POINTS = 900;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const UNKNOWN = '–';
  const STATUS_CLASSES = {
    OK: 'ok', WARN: 'warn', ERR: 'err', STALLED: 'err',
    READY: 'ok', STALE: 'warn', NOT_READY: 'err'
  };

  // Chart history per "connector / topic", seeded from the server's history, then one point per poll.
  const seriesByTopic = new Map();

  // ---- formatting: null, missing, negative (-1 = unknown) and non-numbers all render as "–" ----

  const wholeFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

  function known(value) {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0;
  }

  function formatCount(value) {
    return known(value) ? wholeFormat.format(value) : UNKNOWN;
  }

  // Offsets are copied into CLI commands: no grouping separators.
  function formatOffset(value) {
    return known(value) ? String(Math.trunc(value)) : UNKNOWN;
  }

  function formatRate(value) {
    return known(value) ? decimalFormat.format(value) : UNKNOWN;
  }

  function formatBytesRate(value) {
    if (!known(value)) {
      return UNKNOWN;
    }
    const units = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'];
    let scaled = value;
    let unit = 0;
    while (scaled >= 1024 && unit < units.length - 1) {
      scaled /= 1024;
      unit++;
    }
    return decimalFormat.format(scaled) + ' ' + units[unit];
  }

  // Axis labels must fit the chart's margin: 10M, not 10,000,000.
  function formatCompact(value) {
    return known(value) ? compactFormat.format(value) : UNKNOWN;
  }

  function formatSeconds(value) {
    return known(value) ? decimalFormat.format(value) + ' s' : UNKNOWN;
  }

  function formatMillis(value) {
    return known(value) ? decimalFormat.format(value) + ' ms' : UNKNOWN;
  }

  function formatAge(ms) {
    if (!known(ms)) {
      return UNKNOWN;
    }
    if (ms < 1000) {
      return wholeFormat.format(ms) + ' ms';
    }
    if (ms < 120000) {
      return decimalFormat.format(ms / 1000) + ' s';
    }
    if (ms < 7200000) {
      return decimalFormat.format(ms / 60000) + ' min';
    }
    return decimalFormat.format(ms / 3600000) + ' h';
  }

  function formatClock(atMs) {
    return known(atMs) ? new Date(atMs).toLocaleTimeString('en-GB', { hour12: false }) : UNKNOWN;
  }

  function text(value) {
    return value === null || value === undefined || value === '' ? UNKNOWN : String(value);
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  // ---- DOM helpers ----

  function el(tag, attributes, children) {
    return fill(document.createElement(tag), attributes, children);
  }

  function svg(tag, attributes, children) {
    return fill(document.createElementNS(SVG_NS, tag), attributes, children);
  }

  function fill(node, attributes, children) {
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, String(value));
      }
    });
    // append() turns strings into text nodes: nothing here is ever parsed as HTML.
    list(children).forEach((child) => node.append(child));
    return node;
  }

  function badge(status) {
    const name = text(status);
    const css = STATUS_CLASSES[name] || 'unknown';
    return el('span', { class: 'badge badge-' + css }, [name]);
  }

  /** columns: [{label, numeric, wrap}]; rows: arrays of cells (string or Node); the first cell heads its row. */
  function table(caption, columns, rows, rowClass) {
    const head = el('tr', {}, columns.map((column) =>
      el('th', { scope: 'col', class: columnClass(column) }, [column.label])));
    const body = rows.map((cells, index) => el('tr', { class: rowClass ? rowClass(index) : null },
      cells.map((cell, column) => el(column === 0 ? 'th' : 'td', {
        scope: column === 0 ? 'row' : null,
        class: columnClass(columns[column])
      }, [cell]))));
    const tableNode = el('table', {}, [el('caption', {}, [caption]), el('thead', {}, [head]), el('tbody', {}, body)]);
    // Wide tables scroll inside their own box; focusable so keyboard users can scroll it too.
    return el('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 }, [tableNode]);
  }

  function columnClass(column) {
    return column.numeric ? 'num' : column.wrap ? 'wrap' : null;
  }

  function figures(pairs) {
    return el('dl', { class: 'figures' }, pairs.flatMap(([label, value]) =>
      [el('dt', {}, [label]), el('dd', {}, [value])]));
  }

  // ---- charts: inline SVG, a polyline over time; unknown values break the line ----

  const CHART = { width: 560, height: 170, left: 64, right: 12, top: 12, bottom: 26 };

  function niceCeiling(value) {
    if (value <= 0) {
      return 1;
    }
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    const steps = [1, 2, 2.5, 5, 10];
    return magnitude * steps.find((step) => step * magnitude >= value);
  }

  function chart(title, points, format) {
    const values = points.filter((point) => known(point.value));
    const plotWidth = CHART.width - CHART.left - CHART.right;
    const plotHeight = CHART.height - CHART.top - CHART.bottom;
    const yMax = niceCeiling(Math.max(0, ...values.map((point) => point.value)));
    const firstAt = points.length ? points[0].atMs : 0;
    const lastAt = points.length ? points[points.length - 1].atMs : 0;
    const span = lastAt - firstAt;
    const x = (atMs) => CHART.left + (span > 0 ? (atMs - firstAt) / span * plotWidth : plotWidth);
    const y = (value) => CHART.top + plotHeight - value / yMax * plotHeight;

    const parts = [];
    [0, 0.5, 1].forEach((fraction) => {
      const level = y(yMax * fraction);
      parts.push(svg('line', { class: 'grid', x1: CHART.left, x2: CHART.width - CHART.right, y1: level, y2: level }));
      parts.push(svg('text', { class: 'axis-label', x: CHART.left - 6, y: level + 4, 'text-anchor': 'end' },
        [formatCompact(yMax * fraction)]));
    });
    parts.push(svg('text', { class: 'axis-label', x: CHART.left, y: CHART.height - 6 }, [formatClock(firstAt)]));
    parts.push(svg('text', { class: 'axis-label', x: CHART.width - CHART.right, y: CHART.height - 6,
      'text-anchor': 'end' }, [formatClock(lastAt)]));

    let path = '';
    let penDown = false;
    points.forEach((point) => {
      if (known(point.value)) {
        path += (penDown ? ' L' : ' M') + x(point.atMs).toFixed(1) + ',' + y(point.value).toFixed(1);
        penDown = true;
      } else {
        penDown = false;
      }
    });
    if (path) {
      parts.push(svg('path', { class: 'series', d: path.trim() }));
    }
    const latest = values.length ? values[values.length - 1] : null;
    if (latest) {
      parts.push(svg('circle', { class: 'series-end', cx: x(latest.atMs), cy: y(latest.value), r: 3 }));
    }
    const latestText = latest ? format(latest.value) : UNKNOWN;
    const description = title + ': ' + values.length + ' points from ' + formatClock(firstAt) + ' to '
      + formatClock(lastAt) + ', latest ' + latestText;
    return el('figure', { class: 'chart' }, [
      el('figcaption', {}, [title + ' ', el('span', { class: 'latest' }, [latestText])]),
      svg('svg', {
        viewBox: '0 0 ' + CHART.width + ' ' + CHART.height, role: 'img', 'aria-label': description,
        'data-points': values.length
      }, [svg('title', {}, [description])].concat(parts))
    ]);
  }

  function topicKey(connector, topic) {
    return JSON.stringify([connector.name, topic.topic]);
  }

  function recordPoint(key, topic, generatedAtMs) {
    let points = seriesByTopic.get(key);
    if (!points) {
      points = list(topic.history)
        .filter((sample) => sample && known(sample.atMs))
        .map((sample) => ({ atMs: sample.atMs, lag: sample.lagRecords, rate: sample.recordsPerSec }))
        .sort((a, b) => a.atMs - b.atMs);
      seriesByTopic.set(key, points);
    }
    const atMs = known(generatedAtMs) ? generatedAtMs : Date.now();
    // A repeated answer (same generation time) must not add a point, or the time axis would stall.
    if (!points.length || atMs > points[points.length - 1].atMs) {
      points.push({ atMs: atMs, lag: topic.lagRecords, rate: topic.recordsPerSec1m });
    }
    if (points.length > MAX_POINTS) {
      points.splice(0, points.length - MAX_POINTS);
    }
    return points;
  }

  // ---- sections ----

  function renderConnectors(connectors) {
    if (!connectors.length) {
      return [el('p', { class: 'empty' }, ['No Ferry connectors have reported progress yet.'])];
    }
    return connectors.map((connector) => el('article', { class: 'connector-card' }, [
      el('h3', {}, [text(connector.name), ' ', badge(connector.status)]),
      el('p', { class: 'pair' }, [text(connector.sourceAlias) + ' → ' + text(connector.targetAlias)]),
      figures([
        ['Lag', formatCount(connector.lagRecords) + ' records'],
        ['Lag time', formatSeconds(connector.lagSeconds)],
        ['Records/s', formatRate(connector.recordsPerSec1m) + ' (1 min), ' + formatRate(connector.recordsPerSec5m) + ' (5 min)'],
        ['Bytes/s', formatBytesRate(connector.bytesPerSec1m) + ' (1 min), ' + formatBytesRate(connector.bytesPerSec5m) + ' (5 min)']
      ])
    ]));
  }

  const PARTITION_COLUMNS = [
    { label: 'Partition', numeric: true }, { label: 'Task', numeric: true }, { label: 'Status' },
    { label: 'Reason', wrap: true }, { label: 'Lag (records)', numeric: true }, { label: 'Lag (s)', numeric: true },
    { label: 'Records/s (1 min / 5 min)', numeric: true }, { label: 'Bytes/s (1 min / 5 min)', numeric: true },
    { label: 'Latency p99', numeric: true }, { label: 'Last report', numeric: true },
    { label: 'Next offset', numeric: true }, { label: 'Source log end', numeric: true }
  ];

  function partitionRow(partition) {
    const latency = partition.latencyMs || {};
    return [
      formatOffset(partition.partition), formatOffset(partition.task), badge(partition.status),
      partition.reason ? String(partition.reason) : '', formatCount(partition.lagRecords),
      formatSeconds(partition.lagSeconds),
      formatRate(partition.recordsPerSec1m) + ' / ' + formatRate(partition.recordsPerSec5m),
      formatBytesRate(partition.bytesPerSec1m) + ' / ' + formatBytesRate(partition.bytesPerSec5m),
      formatMillis(latency.p99), formatAge(partition.lastReportAgeMs), formatOffset(partition.nextOffset),
      formatOffset(partition.sourceLogEndOffset)
    ];
  }

  function renderTopic(connector, topic, points) {
    const latency = topic.latencyMs || {};
    const partitions = list(topic.partitions).filter(Boolean).sort((a, b) => a.partition - b.partition);
    const name = text(topic.remoteTopic || topic.topic);
    return el('section', { class: 'topic' }, [
      el('h3', {}, [name, ' ', badge(topic.status)]),
      el('p', { class: 'origin' }, ['copy of ' + text(topic.topic) + ' on ' + text(connector.sourceAlias)
        + ', connector ' + text(connector.name)]),
      figures([
        ['Lag', formatCount(topic.lagRecords) + ' records, ' + formatSeconds(topic.lagSeconds)],
        ['Records/s', formatRate(topic.recordsPerSec1m) + ' (1 min), ' + formatRate(topic.recordsPerSec5m) + ' (5 min)'],
        ['Bytes/s', formatBytesRate(topic.bytesPerSec1m) + ' (1 min), ' + formatBytesRate(topic.bytesPerSec5m) + ' (5 min)'],
        ['Latency', 'p50 ' + formatMillis(latency.p50) + ', p99 ' + formatMillis(latency.p99) + ', p99.9 '
          + formatMillis(latency.p999) + ', max ' + formatMillis(latency.max)]
      ]),
      el('div', { class: 'charts' }, [
        chart('Lag (records) of ' + name, points.map((p) => ({ atMs: p.atMs, value: p.lag })), formatCount),
        chart('Throughput (records/s) of ' + name, points.map((p) => ({ atMs: p.atMs, value: p.rate })), formatRate)
      ]),
      table('Partitions of ' + name, PARTITION_COLUMNS, partitions.map(partitionRow),
        (index) => 'status-' + (STATUS_CLASSES[partitions[index].status] || 'unknown'))
    ]);
  }

  function renderTopics(report) {
    const seen = new Set();
    const sections = [];
    list(report.connectors).filter(Boolean).forEach((connector) => {
      list(connector.topics).filter(Boolean).forEach((topic) => {
        const key = topicKey(connector, topic);
        seen.add(key);
        sections.push(renderTopic(connector, topic, recordPoint(key, topic, report.generatedAtMs)));
      });
    });
    // Forget topics no longer reported, so their history does not grow memory forever.
    Array.from(seriesByTopic.keys()).filter((key) => !seen.has(key)).forEach((key) => seriesByTopic.delete(key));
    return sections.length ? sections : [el('p', { class: 'empty' }, ['No mirrored topics reported yet.'])];
  }

  const GROUP_COLUMNS = [
    { label: 'Topic' }, { label: 'Remote topic' }, { label: 'Partition', numeric: true },
    { label: 'Upstream committed', numeric: true }, { label: 'Translated', numeric: true },
    { label: 'Translation' }, { label: 'Target committed', numeric: true },
    { label: 'Target log end', numeric: true }, { label: 'Lag on target', numeric: true },
    { label: 'Checkpoint age', numeric: true }, { label: 'Re-read if failed over now', numeric: true },
    { label: 'Missed if failed over now', numeric: true }
  ];

  function groupRow(partition) {
    return [
      text(partition.topic), text(partition.remoteTopic), formatOffset(partition.partition),
      formatOffset(partition.upstreamOffset), formatOffset(partition.translatedOffset), text(partition.translation),
      formatOffset(partition.targetCommittedOffset), formatOffset(partition.targetLogEndOffset),
      formatCount(partition.lagOnTarget), formatAge(partition.checkpointAgeMs), formatCount(partition.failoverRereads),
      formatCount(partition.failoverSkips)
    ];
  }

  function renderGroups(report) {
    const groups = list(report.groups).filter(Boolean);
    if (!groups.length) {
      return [el('p', { class: 'empty' }, ['No consumer group checkpoints yet.'])];
    }
    return groups.map((group) => {
      const name = text(group.group);
      const partitions = list(group.partitions).filter(Boolean);
      return el('section', { class: 'group' }, [
        el('h3', {}, [name, ' ', badge(group.status)]),
        figures([
          ['Clusters', text(group.sourceAlias) + ' → ' + text(group.targetAlias)],
          ['Checkpoints topic', text(group.checkpointsTopic)],
          ['Checkpoint age', formatAge(group.checkpointAgeMs)]
        ]),
        partitions.length
          ? table('Offsets of group ' + name + ': translated vs committed on the target', GROUP_COLUMNS,
            partitions.map(groupRow))
          : el('p', { class: 'empty' }, ['No partitions checkpointed for this group yet.'])
      ]);
    });
  }

  const HEARTBEAT_COLUMNS = [
    { label: 'Clusters' }, { label: 'Connector' }, { label: 'Heartbeats topic' }, { label: 'Status' },
    { label: 'Latency p50', numeric: true }, { label: 'Latency p99', numeric: true }, { label: 'Latency max', numeric: true },
    { label: 'Last heartbeat', numeric: true }, { label: 'Last report', numeric: true }
  ];

  function heartbeatRow(heartbeat) {
    const latency = heartbeat.latencyMs || {};
    return [
      text(heartbeat.sourceAlias) + ' → ' + text(heartbeat.targetAlias), text(heartbeat.connector),
      text(heartbeat.remoteTopic || heartbeat.topic) + '-' + formatOffset(heartbeat.partition), badge(heartbeat.status),
      formatMillis(latency.p50), formatMillis(latency.p99), formatMillis(latency.max), formatAge(heartbeat.heartbeatAgeMs),
      formatAge(heartbeat.lastReportAgeMs)
    ];
  }

  function renderHeartbeats(report) {
    const heartbeats = list(report.heartbeats).filter(Boolean);
    if (!heartbeats.length) {
      return [el('p', { class: 'empty' }, ['No heartbeats topic is mirrored yet (run the heartbeat connector on the source).'])];
    }
    return [table('End-to-end latency per cluster pair', HEARTBEAT_COLUMNS, heartbeats.map(heartbeatRow),
      (index) => 'status-' + (STATUS_CLASSES[heartbeats[index].status] || 'unknown'))];
  }

  // ---- polling ----

  async function fetchJson(url) {
    let response;
    try {
      response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } });
    } catch (error) {
      throw new Error(url + ': request failed (' + error.message + ')');
    }
    if (!response.ok) {
      const hint = response.status === 401 || response.status === 403
        ? ' (the Connect REST API needs credentials this browser did not send)' : '';
      throw new Error(url + ': HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '') + hint);
    }
    try {
      return await response.json();
    } catch (error) {
      throw new Error(url + ': the answer is not JSON');
    }
  }

  function replace(id, nodes) {
    document.getElementById(id).replaceChildren(...nodes);
  }

  let lastSuccessAtMs = null;

  async function poll() {
    const [replication, groups, heartbeats] = await Promise.allSettled(
      [fetchJson(REPLICATION_URL), fetchJson(GROUPS_URL), fetchJson(HEARTBEATS_URL)]);
    const failures = [];
    if (replication.status === 'fulfilled' && replication.value) {
      const report = replication.value;
      replace('connectors', renderConnectors(list(report.connectors).filter(Boolean)));
      replace('topics', renderTopics(report));
      lastSuccessAtMs = known(report.generatedAtMs) ? report.generatedAtMs : Date.now();
    } else {
      failures.push(replication.status === 'rejected' ? replication.reason.message : REPLICATION_URL + ': empty answer');
    }
    if (groups.status === 'fulfilled' && groups.value) {
      replace('groups', renderGroups(groups.value));
    } else {
      failures.push(groups.status === 'rejected' ? groups.reason.message : GROUPS_URL + ': empty answer');
    }
    if (heartbeats.status === 'fulfilled' && heartbeats.value) {
      replace('heartbeats', renderHeartbeats(heartbeats.value));
    } else {
      failures.push(heartbeats.status === 'rejected' ? heartbeats.reason.message : HEARTBEATS_URL + ': empty answer');
    }
    const banner = document.getElementById('error');
    if (failures.length) {
      banner.replaceChildren(el('strong', {}, ['Could not refresh: ']), failures.join('; ') + '. '
        + (lastSuccessAtMs ? 'Figures shown are from ' + formatClock(lastSuccessAtMs) + '.' : 'No figures yet.'));
      banner.hidden = false;
    } else {
      banner.hidden = true;
      banner.replaceChildren();
    }
    document.getElementById('updated').textContent = lastSuccessAtMs
      ? 'Updated ' + formatClock(lastSuccessAtMs) + ', refreshing every ' + POLL_MS / 1000 + ' s'
      : 'Waiting for data…';
  }

  // Chain the timer after each poll, so a slow worker never gets overlapping requests.
  function loop() {
    poll().catch((error) => {
      const banner = document.getElementById('error');
      banner.textContent = 'Dashboard error: ' + error.message;
      banner.hidden = false;
    }).finally(() => setTimeout(loop, POLL_MS));
  }

  loop();
}());
