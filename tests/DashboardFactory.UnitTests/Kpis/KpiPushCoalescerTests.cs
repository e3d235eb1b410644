using DashboardFactory.Kpis;
using Microsoft.Extensions.Time.Testing;

namespace DashboardFactory.UnitTests.Kpis;

/// <summary>When a watched KPI's changes go out: at once, merged into a trailing push, or not at all; on a fake clock.</summary>
public sealed class KpiPushCoalescerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    private static readonly DateTimeOffset Minute = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Minute.AddSeconds(30));
    private readonly KpiPushCoalescer _coalescer = new(Window);

    [Fact]
    public void TheFirstChangeGoesOutAtOnceAndLaterChangesInTheWindowAreMergedIntoOneTrailingPush()
    {
        Offer(Value(Minute, 1)).Should().Equal([Value(Minute, 1)], "nothing was pushed before, so the first change goes out at once");
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Offer(Value(Minute, 2)).Should().BeEmpty("it falls in the window the first push opened");
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        Offer(Value(Minute, 3)).Should().BeEmpty();

        _coalescer.DueAt.Should().Be(Minute.AddSeconds(30) + Window, "the held changes are due when the window closes");
        _clock.Advance(TimeSpan.FromMilliseconds(49));
        Flush().Should().BeEmpty("the window is not over yet");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Flush().Should().Equal([Value(Minute, 3)], "the two changes are merged into one push of the latest value");
        _coalescer.DueAt.Should().BeNull();
    }

    [Fact]
    public void AChangeAfterAQuietWindowGoesOutAtOnce()
    {
        Offer(Value(Minute, 1));
        _clock.Advance(TimeSpan.FromMilliseconds(150));

        Offer(Value(Minute, 2)).Should().Equal([Value(Minute, 2)]);
        _coalescer.DueAt.Should().BeNull();
    }

    [Fact]
    public void AFeedAtAboutOnePointPerWindowIsNotDelayedPastTheWindowItFellIn()
    {
        // Points about 100 ms apart, each arriving a little early or late, go out as they come: a point a few ms early
        // lands in the second half of its predecessor's window and goes at once.
        Offer(Value(Minute, 1)).Should().HaveCount(1);
        _clock.Advance(TimeSpan.FromMilliseconds(97));
        Offer(Value(Minute, 2)).Should().Equal([Value(Minute, 2)], "3 ms early, alone in the window's second half");
        _clock.Advance(TimeSpan.FromMilliseconds(104));
        Offer(Value(Minute, 3)).Should().Equal([Value(Minute, 3)], "4 ms late: the window is over");

        // A trailing push of a single change closes its window, so the next point is not held by a window anchored
        // to an old one.
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        Offer(Value(Minute, 4)).Should().BeEmpty("in the first half of the window point 3 opened");
        _clock.Advance(TimeSpan.FromMilliseconds(70));
        Flush().Should().Equal([Value(Minute, 4)]);

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Offer(Value(Minute, 5)).Should().Equal([Value(Minute, 5)], "the trailing push of one change opened no new window");
    }

    [Fact]
    public void ALoneChangeInTheSecondHalfOfAWindowGoesOutAtOnceAndOpensAWindowOfItsOwn()
    {
        // A 10/s feed whose point 1 reached the stream grain 40 ms late and point 2 on time: 60 ms apart.
        Offer(Value(Minute, 1)).Should().HaveCount(1);
        _clock.Advance(TimeSpan.FromMilliseconds(60));

        Offer(Value(Minute, 2)).Should().Equal([Value(Minute, 2)], "held, it would inherit point 1's 40 ms");
        _coalescer.DueAt.Should().BeNull();

        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Offer(Value(Minute, 3)).Should().BeEmpty("a change 20 ms into the window point 2 opened is held");
        _clock.Advance(TimeSpan.FromMilliseconds(40));
        Offer(Value(Minute, 4)).Should().BeEmpty("something is held already: later changes join the trailing push");
        _coalescer.DueAt.Should().Be(Minute.AddSeconds(30) + TimeSpan.FromMilliseconds(160), "point 2's window ends 100 ms after it");
        _clock.Advance(TimeSpan.FromMilliseconds(40));
        Flush().Should().Equal([Value(Minute, 4)]);
    }

    [Fact]
    public void JustBeforeHalfTheWindowIsGoneAChangeIsHeldAndAtHalfItGoesOut()
    {
        Offer(Value(Minute, 1));
        _clock.Advance(TimeSpan.FromMilliseconds(49));
        Offer(Value(Minute, 2)).Should().BeEmpty("49 ms in: held");

        var other = new KpiPushCoalescer(Window);
        var now = _clock.GetUtcNow();
        other.Offer([Value(Minute, 1)], now);
        other.Offer([Value(Minute, 2)], now + Window / 2).Should().HaveCount(1, "50 ms in: half the window gone, so it goes");
    }

    [Fact]
    public void AKpiThatChangesFasterThanTheWindowGetsOnePushPerWindow()
    {
        var pushes = new List<(TimeSpan At, long Count)>();
        var start = _clock.GetUtcNow();
        for (var count = 1; count <= 50; count++)
        {
            pushes.AddRange(Offer(Value(Minute, count)).Select(v => (_clock.GetUtcNow() - start, v.Count)));
            _clock.Advance(TimeSpan.FromMilliseconds(10));
            pushes.AddRange(Flush().Select(v => (_clock.GetUtcNow() - start, v.Count)));
        }

        pushes.Select(p => p.Count).Should().Equal([1, 10, 20, 30, 40, 50], "a point every 10 ms is pushed once per 100 ms window, latest value");
        pushes.Select(p => p.At.TotalMilliseconds).Should().Equal([0, 100, 200, 300, 400, 500]);
    }

    [Fact]
    public void ABucketsFinalValueGoesOutBeforeTheNextBucketsFirstEvenWhenBothFallInOneWindow()
    {
        var next = Minute.AddMinutes(1);
        Offer(Value(Minute, 1));
        _clock.Advance(TimeSpan.FromMilliseconds(10));

        Offer(Value(Minute, 2)).Should().BeEmpty();
        Offer(Value(next, 1)).Should().BeEmpty("the next bucket's first value does not replace the closed bucket's final one");
        Offer(Value(next, 2)).Should().BeEmpty();
        _clock.Advance(Window);

        Flush().Should().Equal([Value(Minute, 2), Value(next, 2)], "the closed bucket's final value first, then the open bucket's latest");
    }

    [Fact]
    public void OneChangeThatClosesABucketAndOpensTheNextPushesBothInBucketOrder() =>
        Offer(Value(Minute, 4), Value(Minute.AddMinutes(1), 1)).Should().Equal([Value(Minute, 4), Value(Minute.AddMinutes(1), 1)]);

    [Fact]
    public void WhatTheSubscribersAlreadyHaveOrAnOlderValueIsNeverPushed()
    {
        _coalescer.Known(Value(Minute, 5));

        Offer(Value(Minute, 5)).Should().BeEmpty("the baseline subscribers were answered with");
        Offer(Value(Minute, 4)).Should().BeEmpty("an older value, e.g. a call overtaken by a newer one");
        Offer(Value(Minute, 6)).Should().Equal([Value(Minute, 6)]);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Offer(Value(Minute, 6)).Should().BeEmpty("the safety-net re-read of a value already pushed");
        _coalescer.DueAt.Should().BeNull("nothing new is held");
    }

    [Fact]
    public void AZeroWindowPushesEveryChangeAtOnce()
    {
        var coalescer = new KpiPushCoalescer(TimeSpan.Zero);
        var now = _clock.GetUtcNow();

        coalescer.Offer([Value(Minute, 1)], now).Should().HaveCount(1);
        coalescer.Offer([Value(Minute, 2)], now).Should().HaveCount(1);
        coalescer.DueAt.Should().BeNull();
    }

    [Fact]
    public void DroppingForgetsWhatIsHeldButNotWhatWasSeen()
    {
        Offer(Value(Minute, 1));
        Offer(Value(Minute, 2)).Should().BeEmpty();

        _coalescer.Drop();

        _coalescer.DueAt.Should().BeNull("nobody watches any more");
        Offer(Value(Minute, 2)).Should().BeEmpty("value 2 was seen");
        Offer(Value(Minute, 3)).Should().Equal([Value(Minute, 3)], "with the window gone a change goes out at once");
    }

    private IReadOnlyList<KpiValue> Offer(params KpiValue[] values) => _coalescer.Offer(values, _clock.GetUtcNow());

    private IReadOnlyList<KpiValue> Flush() => _coalescer.Flush(_clock.GetUtcNow());

    private static KpiValue Value(DateTimeOffset bucket, long count) =>
        new("k", KpiPeriod.Minute, bucket, count, 1, count, count, count * (count + 1) / 2.0, count, bucket, false);
}
