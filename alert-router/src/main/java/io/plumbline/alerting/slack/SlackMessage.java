package io.plumbline.alerting.slack;

import java.util.List;
import java.util.Map;

/**
 * A message ready for Slack: Block Kit blocks inside a coloured attachment, and the plain-text fallback that
 * notifications and old clients show.
 *
 * @param threadTs post as a reply in this thread (bot transport only)
 * @param updateTs replace the message with this ts via {@code chat.update} instead of posting (bot transport only)
 */
public record SlackMessage(String channel, String text, String color, List<Map<String, Object>> blocks,
        String threadTs, String updateTs) {

    public SlackMessage inThread(String ts) {
        return new SlackMessage(channel, text, color, blocks, ts, null);
    }

    public SlackMessage replacing(String ts) {
        return new SlackMessage(channel, text, color, blocks, null, ts);
    }

    public SlackMessage to(String otherChannel) {
        return new SlackMessage(otherChannel, text, color, blocks, threadTs, updateTs);
    }
}
