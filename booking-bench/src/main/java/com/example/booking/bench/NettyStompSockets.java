package com.example.booking.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link StompSockets} on Netty's WebSocket client: every session's frames are read, decoded and handed
 * to its listener on the event-loop thread that owns its socket, with no hand-over between threads.
 */
final class NettyStompSockets implements StompSockets {

    /** A seat-map snapshot of a large trip is one message of a few MB. */
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final EventLoopGroup loops = new NioEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
        Thread thread = new Thread(runnable, "stomp-client");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public CompletableFuture<Session> open(String url, List<String> frames, Listener listener) {
        URI uri = URI.create(StompSockets.wsUri(url));
        CompletableFuture<Session> opened = new CompletableFuture<>();
        // the service's frames are not checked for valid UTF-8 here: that check was a fifth of the tool's CPU,
        // taken from the fan-out it measures on the same cores (session 42)
        WebSocketClientProtocolHandler protocol = new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).subprotocol("v12.stomp").maxFramePayloadLength(MAX_MESSAGE).handleCloseFrames(false)
                .withUTF8Validator(false).build());
        new Bootstrap().group(loops).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), protocol,
                                new WebSocketFrameAggregator(MAX_MESSAGE), new Frames(frames, listener, opened));
                    }
                })
                .connect(uri.getHost(), uri.getPort())
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        opened.completeExceptionally(connected.cause());
                    }
                });
        return opened;
    }

    @Override
    public void close() {
        // a short quiet period lets the sessions' close frames go out first
        loops.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /** One session's end of the pipeline: sends the frames once the handshake is done, then receives. */
    private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final List<String> frames;
        private final Listener listener;
        private final CompletableFuture<Session> opened;
        private boolean closed;

        Frames(List<String> frames, Listener listener, CompletableFuture<Session> opened) {
            this.frames = frames;
            this.listener = listener;
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                Channel channel = context.channel();
                frames.forEach(frame -> channel.write(new TextWebSocketFrame(frame)));
                channel.flush();
                opened.complete(() -> channel.writeAndFlush(new CloseWebSocketFrame(1000, "done")));
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                opened.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
                context.close();
            }
            super.userEventTriggered(context, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
            long now = System.nanoTime();
            if (frame instanceof CloseWebSocketFrame close) {
                // kept to say why, as the JDK client's listener does; the close is answered by closing the socket
                ended("closed " + close.statusCode() + " " + close.reasonText());
                context.close();
                return;
            }
            if (!(frame instanceof TextWebSocketFrame)) {
                return;
            }
            ByteBuf content = frame.content();
            listener.onFrame(content.toString(content.readerIndex(), Math.min(content.readableBytes(), PREFIX),
                    StandardCharsets.UTF_8), now);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) throws Exception {
            ended("closed");
            super.channelInactive(context);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable error) {
            ended("error " + error);
            context.close();
        }

        private void ended(String why) {
            opened.completeExceptionally(new IllegalStateException("session ended before it opened: " + why));
            if (!closed) {
                closed = true;
                listener.onClosed(why);
            }
        }
    }
}
