package com.example.booking.api.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHandlingRunnable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionOrderedExecutorTest {

    private final SessionOrderedExecutor executor = new SessionOrderedExecutor(8, 8, Duration.ofSeconds(30));

    @BeforeEach
    void start() {
        executor.initialize();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    void aSessionsDeliveriesRunOneAtATimeInTheOrderHandedOver() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        for (int i = 0; i < 1_000; i++) {
            int number = i;
            executor.execute(delivery(message("s1"), () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                ran.add(number);
                running.decrementAndGet();
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1_000);
        assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 1_000).boxed().toList());
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void aSessionStuckWritingHoldsUpOnlyItself() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        executor.execute(delivery(message("stuck"), () -> waitFor(unblock)));
        executor.execute(delivery(message("stuck"), () -> ran.add("stuck")));
        executor.execute(delivery(message("other"), () -> ran.add("other")));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("other"));
        assertThat(ran).containsExactly("other");
        unblock.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("stuck"));
    }

    @Test
    void aThreadStuckInADeliveryIsMadeUpForAndThePoolShrinksBackAfterIt() {
        SessionOrderedExecutor one = new SessionOrderedExecutor(1, 4, Duration.ofMillis(100));
        one.initialize();
        try {
            CountDownLatch unblock = new CountDownLatch(1);
            List<String> ran = new CopyOnWriteArrayList<>();
            one.execute(delivery(message("stuck"), () -> waitFor(unblock)));
            one.execute(delivery(message("other"), () -> ran.add("other")));

            // with its only thread stuck, the pool has to grow for the other session to be written at all
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("other"));
            assertThat(one.getCorePoolSize()).isEqualTo(2);
            unblock.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> one.getCorePoolSize() == 1);
        } finally {
            one.shutdown();
        }
    }

    @Test
    void anErrorThatEndsTheSessionDoesNotWaitBehindItsQueue() {
        CountDownLatch unblock = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        executor.execute(delivery(message("stuck"), () -> waitFor(unblock)));
        executor.execute(delivery(message("stuck"), () -> ran.add("change")));
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId("stuck");
        error.setLeaveMutable(true);
        executor.execute(delivery(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()), () -> ran.add("error")));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("error"));
        assertThat(ran).containsExactly("error");
        unblock.countDown();
    }

    @Test
    void aFailedDeliveryDoesNotStopTheSessionsNextOnes() {
        List<String> ran = new CopyOnWriteArrayList<>();
        executor.execute(delivery(message("s1"), () -> {
            throw new IllegalStateException("socket closed");
        }));
        executor.execute(delivery(message("s1"), () -> ran.add("next")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("next"));
    }

    @Test
    void aSessionsQueueIsKeptBetweenItsFramesAndDroppedOnceItSentNothingForAWholeLook() {
        List<String> ran = new CopyOnWriteArrayList<>();
        executor.execute(delivery(message("s1"), () -> ran.add("first")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("first"));

        executor.retireIdleQueues();
        assertThat(executor.queuedSessions()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            executor.retireIdleQueues();
            return executor.queuedSessions() == 0;
        });

        executor.execute(delivery(message("s1"), () -> ran.add("second")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void noDeliveryIsLostOrReorderedWhileIdleQueuesAreDroppedUnderneath() throws Exception {
        int sessions = 4;
        int perSession = 20_000;
        List<List<Integer>> ran = IntStream.range(0, sessions).<List<Integer>>mapToObj(s -> new CopyOnWriteArrayList<>()).toList();
        AtomicInteger done = new AtomicInteger();
        Thread retirer = new Thread(() -> {
            while (done.get() < sessions * perSession) {
                executor.retireIdleQueues();
            }
        });
        retirer.start();
        List<Thread> senders = IntStream.range(0, sessions).mapToObj(s -> new Thread(() -> {
            for (int i = 0; i < perSession; i++) {
                int number = i;
                executor.execute(delivery(message("s" + s), () -> {
                    ran.get(s).add(number);
                    done.incrementAndGet();
                }));
                if (i % 100 == 0) {
                    // let the queue run dry now and then, so that it is idle when the retirer looks
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                            .until(() -> ran.get(s).size() > number);
                }
            }
        })).toList();
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join(30_000);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> done.get() == sessions * perSession);
        retirer.join(5_000);
        for (List<Integer> session : ran) {
            assertThat(session).containsExactlyElementsOf(IntStream.range(0, perSession).boxed().toList());
        }
    }

    private static Message<byte[]> message(String sessionId) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(sessionId);
        return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
    }

    /** What Spring's channel hands its executor: a runnable that knows its message. */
    private static MessageHandlingRunnable delivery(Message<?> message, Runnable work) {
        return new MessageHandlingRunnable() {
            @Override
            public Message<?> getMessage() {
                return message;
            }

            @Override
            public org.springframework.messaging.MessageHandler getMessageHandler() {
                return m -> work.run();
            }

            @Override
            public void run() {
                work.run();
            }
        };
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
