package io.plumbline.alerting.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.stereotype.Component;

/** Label matchers → channel, as Alertmanager's routes do: the first route whose every matcher matches wins. */
@Component
public class SlackRoutes {

    private record Compiled(Map<String, Pattern> match, String channel) {
    }

    private final List<Compiled> routes = new ArrayList<>();
    private final String defaultChannel;

    public SlackRoutes(SlackProperties properties) {
        this.defaultChannel = properties.defaultChannel();
        for (int i = 0; i < properties.routes().size(); i++) {
            SlackProperties.Route route = properties.routes().get(i);
            Map<String, Pattern> compiled = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> m : route.match().entrySet()) {
                try {
                    compiled.put(m.getKey(), Pattern.compile(m.getValue()));
                } catch (PatternSyntaxException e) {
                    throw new IllegalStateException("plumbline.slack.routes[" + i + "].match." + m.getKey()
                            + " is not a valid regular expression: " + e.getDescription());
                }
            }
            routes.add(new Compiled(compiled, route.channel()));
        }
    }

    public String channelFor(Map<String, String> labels) {
        for (Compiled route : routes) {
            boolean all = route.match().entrySet().stream()
                    .allMatch(m -> m.getValue().matcher(labels.getOrDefault(m.getKey(), "")).matches());
            if (all) {
                return route.channel();
            }
        }
        return defaultChannel;
    }

    public String defaultChannel() {
        return defaultChannel;
    }
}
