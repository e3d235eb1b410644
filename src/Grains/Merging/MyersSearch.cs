namespace DashboardFactory.Merging;

/// <summary>
/// The divide-and-conquer Myers search over the lines a <see cref="DiffFile"/> kept, marking the ones it cannot
/// match as changed. It keeps xdiff's exact order of exploring diagonals (and its cost cut-offs for huge inputs)
/// because that order decides which of several equally short scripts comes out.
/// </summary>
internal sealed class MyersSearch
{
    private const int HeuristicMinCost = 256;
    private const int SnakeCount = 20;
    private const int HeuristicFactor = 4;

    // Backward paths start out "infinitely far", an unreachable line index.
    private const int Unreached = int.MaxValue;

    private readonly DiffFile _file1;
    private readonly DiffFile _file2;
    private readonly int[] _ha1;
    private readonly int[] _ha2;
    private readonly int[] _forward;
    private readonly int[] _backward;
    private readonly int _diagonalOffset;
    private readonly int _maxCost;

    public MyersSearch(DiffFile file1, DiffFile file2, int[] forward, int[] backward, int diagonalOffset, int maxCost)
    {
        _file1 = file1;
        _file2 = file2;
        _ha1 = file1.KeptClasses;
        _ha2 = file2.KeptClasses;
        _forward = forward;
        _backward = backward;
        _diagonalOffset = diagonalOffset;
        _maxCost = maxCost;
    }

    public void Compare(int off1, int lim1, int off2, int lim2, bool needMinimal)
    {
        while (off1 < lim1 && off2 < lim2 && _ha1[off1] == _ha2[off2])
        {
            off1++;
            off2++;
        }

        while (off1 < lim1 && off2 < lim2 && _ha1[lim1 - 1] == _ha2[lim2 - 1])
        {
            lim1--;
            lim2--;
        }

        if (off1 == lim1)
        {
            for (; off2 < lim2; off2++)
            {
                _file2.SetChanged(_file2.Kept[off2], true);
            }
        }
        else if (off2 == lim2)
        {
            for (; off1 < lim1; off1++)
            {
                _file1.SetChanged(_file1.Kept[off1], true);
            }
        }
        else
        {
            Split(off1, lim1, off2, lim2, needMinimal, out var split1, out var split2, out var minimalLow, out var minimalHigh);
            Compare(off1, split1, off2, split2, minimalLow);
            Compare(split1, lim1, split2, lim2, minimalHigh);
        }
    }

    private int F(int diagonal) => _forward[diagonal + _diagonalOffset];

    private void SetF(int diagonal, int value) => _forward[diagonal + _diagonalOffset] = value;

    private int B(int diagonal) => _backward[diagonal + _diagonalOffset];

    private void SetB(int diagonal, int value) => _backward[diagonal + _diagonalOffset] = value;

    private void Split(
        int off1,
        int lim1,
        int off2,
        int lim2,
        bool needMinimal,
        out int split1,
        out int split2,
        out bool minimalLow,
        out bool minimalHigh)
    {
        int dmin = off1 - lim2, dmax = lim1 - off2;
        int fmid = off1 - off2, bmid = lim1 - lim2;
        var odd = ((fmid - bmid) & 1) != 0;
        int fmin = fmid, fmax = fmid;
        int bmin = bmid, bmax = bmid;

        SetF(fmid, off1);
        SetB(bmid, lim1);

        for (var cost = 1; ; cost++)
        {
            var gotSnake = false;

            // The diagonal range grows by one each way unless that leaves the box, in which case it shrinks,
            // keeping the parity the search relies on. The slot just outside is primed so no bounds test is needed.
            if (fmin > dmin)
            {
                SetF(--fmin - 1, -1);
            }
            else
            {
                ++fmin;
            }

            if (fmax < dmax)
            {
                SetF(++fmax + 1, -1);
            }
            else
            {
                --fmax;
            }

            for (var d = fmax; d >= fmin; d -= 2)
            {
                var i1 = F(d - 1) >= F(d + 1) ? F(d - 1) + 1 : F(d + 1);
                var start = i1;
                var i2 = i1 - d;
                while (i1 < lim1 && i2 < lim2 && _ha1[i1] == _ha2[i2])
                {
                    i1++;
                    i2++;
                }

                if (i1 - start > SnakeCount)
                {
                    gotSnake = true;
                }

                SetF(d, i1);
                if (odd && bmin <= d && d <= bmax && B(d) <= i1)
                {
                    split1 = i1;
                    split2 = i2;
                    minimalLow = minimalHigh = true;
                    return;
                }
            }

            if (bmin > dmin)
            {
                SetB(--bmin - 1, Unreached);
            }
            else
            {
                ++bmin;
            }

            if (bmax < dmax)
            {
                SetB(++bmax + 1, Unreached);
            }
            else
            {
                --bmax;
            }

            for (var d = bmax; d >= bmin; d -= 2)
            {
                var i1 = B(d - 1) < B(d + 1) ? B(d - 1) : B(d + 1) - 1;
                var start = i1;
                var i2 = i1 - d;
                while (i1 > off1 && i2 > off2 && _ha1[i1 - 1] == _ha2[i2 - 1])
                {
                    i1--;
                    i2--;
                }

                if (start - i1 > SnakeCount)
                {
                    gotSnake = true;
                }

                SetB(d, i1);
                if (!odd && fmin <= d && d <= fmax && i1 <= F(d))
                {
                    split1 = i1;
                    split2 = i2;
                    minimalLow = minimalHigh = true;
                    return;
                }
            }

            if (needMinimal)
            {
                continue;
            }

            // Expensive inputs: once a long snake shows up, settle for a diagonal that got far along it rather
            // than insisting on the optimum. Unreachable for the small texts of a cockpit but kept so large ones
            // still diff like git does.
            if (gotSnake && cost > HeuristicMinCost)
            {
                if (TryForwardShortcut(off1, lim1, off2, lim2, fmin, fmax, fmid, cost, out split1, out split2))
                {
                    minimalLow = true;
                    minimalHigh = false;
                    return;
                }

                if (TryBackwardShortcut(off1, lim1, off2, lim2, bmin, bmax, bmid, cost, out split1, out split2))
                {
                    minimalLow = false;
                    minimalHigh = true;
                    return;
                }
            }

            if (cost >= _maxCost)
            {
                FurthestReaching(off1, lim1, off2, lim2, fmin, fmax, bmin, bmax, out split1, out split2, out minimalLow, out minimalHigh);
                return;
            }
        }
    }

    private bool TryForwardShortcut(int off1, int lim1, int off2, int lim2, int fmin, int fmax, int fmid, int cost, out int split1, out int split2)
    {
        var best = 0;
        split1 = split2 = 0;
        for (var d = fmax; d >= fmin; d -= 2)
        {
            var distance = d > fmid ? d - fmid : fmid - d;
            var i1 = F(d);
            var i2 = i1 - d;
            var value = (i1 - off1) + (i2 - off2) - distance;
            if (value > HeuristicFactor * cost && value > best &&
                off1 + SnakeCount <= i1 && i1 < lim1 &&
                off2 + SnakeCount <= i2 && i2 < lim2)
            {
                for (var k = 1; _ha1[i1 - k] == _ha2[i2 - k]; k++)
                {
                    if (k == SnakeCount)
                    {
                        best = value;
                        split1 = i1;
                        split2 = i2;
                        break;
                    }
                }
            }
        }

        return best > 0;
    }

    private bool TryBackwardShortcut(int off1, int lim1, int off2, int lim2, int bmin, int bmax, int bmid, int cost, out int split1, out int split2)
    {
        var best = 0;
        split1 = split2 = 0;
        for (var d = bmax; d >= bmin; d -= 2)
        {
            var distance = d > bmid ? d - bmid : bmid - d;
            var i1 = B(d);
            var i2 = i1 - d;
            var value = (lim1 - i1) + (lim2 - i2) - distance;
            if (value > HeuristicFactor * cost && value > best &&
                off1 < i1 && i1 <= lim1 - SnakeCount &&
                off2 < i2 && i2 <= lim2 - SnakeCount)
            {
                for (var k = 0; _ha1[i1 + k] == _ha2[i2 + k]; k++)
                {
                    if (k == SnakeCount - 1)
                    {
                        best = value;
                        split1 = i1;
                        split2 = i2;
                        break;
                    }
                }
            }
        }

        return best > 0;
    }

    private void FurthestReaching(
        int off1,
        int lim1,
        int off2,
        int lim2,
        int fmin,
        int fmax,
        int bmin,
        int bmax,
        out int split1,
        out int split2,
        out bool minimalLow,
        out bool minimalHigh)
    {
        int forwardBest = -1, forwardBest1 = -1;
        for (var d = fmax; d >= fmin; d -= 2)
        {
            var i1 = Math.Min(F(d), lim1);
            var i2 = i1 - d;
            if (lim2 < i2)
            {
                i1 = lim2 + d;
                i2 = lim2;
            }

            if (forwardBest < i1 + i2)
            {
                forwardBest = i1 + i2;
                forwardBest1 = i1;
            }
        }

        int backwardBest = Unreached, backwardBest1 = Unreached;
        for (var d = bmax; d >= bmin; d -= 2)
        {
            var i1 = Math.Max(off1, B(d));
            var i2 = i1 - d;
            if (i2 < off2)
            {
                i1 = off2 + d;
                i2 = off2;
            }

            if (i1 + i2 < backwardBest)
            {
                backwardBest = i1 + i2;
                backwardBest1 = i1;
            }
        }

        if ((lim1 + lim2) - backwardBest < forwardBest - (off1 + off2))
        {
            split1 = forwardBest1;
            split2 = forwardBest - forwardBest1;
            minimalLow = true;
            minimalHigh = false;
        }
        else
        {
            split1 = backwardBest1;
            split2 = backwardBest - backwardBest1;
            minimalLow = false;
            minimalHigh = true;
        }
    }
}
