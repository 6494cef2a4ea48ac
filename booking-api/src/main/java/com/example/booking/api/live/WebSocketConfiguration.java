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
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import java.time.Duration;

/**
 * STOMP over WebSocket at {@code /ws}. Seat maps of trips are delivered by {@link TripFeeds} (snapshot,
 * then ordered changes); the simple broker carries the per-user queues and the admin topic. Every frame
 * to a session goes through {@link SessionOrderedExecutor}, which keeps a session's frames in the order
 * sent whoever sent them, and {@link ConnectedSessions} keeps a seat feed behind its session's CONNECTED.
 * A slow or dead client cannot hold up others: it ties up at most one outbound thread (and the pool grows
 * by one), a user at most {@link UserSessions their sessions' limit}, its seat changes are bounded
 * ({@link FeedBacklog}), and a session whose write stays blocked is closed (Tomcat's 20 s; with 10 s, a
 * client that read slowly but did read lost its session in the live-push benchmark).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {

    /**
     * A delivery running this long is taken for a write blocked on a client that does not read: a frame of
     * a few KB to a reading client takes microseconds, a 1.5-MB snapshot a few ms.
     */
    private static final Duration STUCK_WRITE = Duration.ofMillis(200);

    private final StompGatekeeper gatekeeper;
    private final ConnectedSessions connectedSessions;
    private final SessionOrderedExecutor outbound;
    private final String[] allowedOrigins;
    private final TaskScheduler heartbeats;

    WebSocketConfiguration(StompGatekeeper gatekeeper, ConnectedSessions connectedSessions,
                           @Value("${booking.websocket.allowed-origins:}") String[] allowedOrigins,
                           @Qualifier("heartbeatScheduler") TaskScheduler heartbeats,
                           @Value("${booking.websocket.outbound-threads:8}") int outboundThreads,
                           @Value("${booking.websocket.outbound-max-threads:64}") int outboundMaxThreads) {
        this.gatekeeper = gatekeeper;
        this.connectedSessions = connectedSessions;
        this.outbound = new SessionOrderedExecutor(outboundThreads, outboundMaxThreads, STUCK_WRITE);
        this.allowedOrigins = allowedOrigins;
        this.heartbeats = heartbeats;
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
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(gatekeeper, connectedSessions);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        // not Spring's "preserve publish order": see SessionOrderedExecutor
        registration.executor(outbound).interceptors(new FeedBacklog(), connectedSessions);
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(64 * 1024)
                .setSendBufferSizeLimit(16 * 1024 * 1024)
                .setSendTimeLimit(10_000)
                .setTimeToFirstMessage(30_000)
                .addDecoratorFactory(InboundFramePieces::new);
    }

    /** Tomcat's buffers for a session's inbound messages: pieces, see {@link InboundFramePieces}. */
    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(InboundFramePieces.PIECE);
        container.setMaxBinaryMessageBufferSize(InboundFramePieces.PIECE);
        return container;
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
