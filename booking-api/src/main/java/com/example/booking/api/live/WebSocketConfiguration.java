package com.example.booking.api.live;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP over WebSocket at {@code /ws}. Seat maps of trips are delivered by {@link TripFeeds} (snapshot,
 * then ordered changes); the simple broker carries the per-user queues and the admin topic. A slow or
 * dead client cannot hold up others: every session has a bounded send buffer and send time, and one
 * that exceeds them is closed (it can re-subscribe for a fresh snapshot).
 * <p>
 * Spring writes to sessions from the outbound channel's pool, and a write to a socket nobody reads
 * blocks its thread until the write's time limit. With Spring's default pool (twice the cores, four
 * here) four stalled readers froze every session of the node, even CONNECTED frames, for Tomcat's
 * default 20 s ({@code SlowSubscriberTest}). The pool is therefore sized for threads that wait, not
 * compute. Tomcat's 20 s stays: with 10 s, a client that read slowly but did read (the live-push
 * benchmark's 5,000 sessions on one selector thread) lost a session in two of three runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {

    private final StompGatekeeper gatekeeper;
    private final String[] allowedOrigins;
    private final TaskScheduler heartbeats;
    private final int outboundThreads;

    WebSocketConfiguration(StompGatekeeper gatekeeper,
                           @Value("${booking.websocket.allowed-origins:}") String[] allowedOrigins,
                           @Qualifier("heartbeatScheduler") TaskScheduler heartbeats,
                           @Value("${booking.websocket.outbound-threads:32}") int outboundThreads) {
        this.gatekeeper = gatekeeper;
        this.allowedOrigins = allowedOrigins;
        this.heartbeats = heartbeats;
        this.outboundThreads = outboundThreads;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        var endpoint = registry.addEndpoint("/ws");
        if (allowedOrigins.length > 0) {
            endpoint.setAllowedOriginPatterns(allowedOrigins);
        }
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        registry.enableSimpleBroker("/queue", "/topic/admin")
                .setHeartbeatValue(new long[]{10_000, 10_000})
                .setTaskScheduler(heartbeats);
        registry.setPreservePublishOrder(true);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(gatekeeper);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.interceptors(new FeedBacklog());
        registration.taskExecutor().corePoolSize(outboundThreads).maxPoolSize(outboundThreads);
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(64 * 1024)
                .setSendBufferSizeLimit(16 * 1024 * 1024)
                .setSendTimeLimit(10_000)
                .setTimeToFirstMessage(30_000);
    }

    /**
     * Static and injected, not called: this configuration has no bean-method proxy, so a call would make a
     * second scheduler that nobody shuts down, and its thread kept an in-process application's JVM alive
     * after the context closed.
     */
    @Bean
    static ThreadPoolTaskScheduler heartbeatScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("stomp-heartbeat-");
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    RedisMessageListenerContainer liveUpdatesListener(RedisConnectionFactory redis, RedisLiveFeed feed) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        // One thread, so announcements reach TripFeeds in the order Redis delivered them. The default
        // executor starts a thread per message: change N+1 could overtake N, and subscribers then got
        // a needless fresh snapshot instead of the change.
        ThreadPoolTaskExecutor inOrder = new ThreadPoolTaskExecutor();
        inOrder.setCorePoolSize(1);
        inOrder.setMaxPoolSize(1);
        inOrder.setThreadNamePrefix("live-feed-");
        inOrder.setDaemon(true);
        inOrder.initialize();
        container.setTaskExecutor(inOrder);
        container.addMessageListener(feed, new ChannelTopic(RedisLiveFeed.CHANNEL));
        return container;
    }
}
