#pragma once

// Bit-level writer and reader for the compressed history blocks, with the two
// codes the blocks use: a prefix code for small signed integers (differences
// of counts and of delta-of-delta timestamps, mostly zero or tiny) and the
// XOR code for doubles that time-series databases use for gauges (equal or
// close values share their sign, exponent and high mantissa bits).
//
// Bits are packed LSB first into 64-bit words. Both codes round-trip every
// input exactly, including arbitrary bit patterns.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace pathlens::history {

class BitWriter final
{
public:
    void write(std::uint64_t value, unsigned bits)
    {
        if (bits == 0)
            return;
        if (bits < 64)
            value &= (std::uint64_t(1) << bits) - 1;
        const unsigned offset = unsigned(m_bits & 63);
        if (offset == 0)
            push(0);
        m_words.back() |= value << offset;
        const unsigned room = 64 - offset;
        if (bits > room) {
            push(value >> room);
        }
        m_bits += bits;
    }

    /// Signed integer, zigzag mapped, in 1 (zero), 6, 11, 17, 27 or 69 bits.
    void writeSigned(std::int64_t value)
    {
        const std::uint64_t z = (std::uint64_t(value) << 1) ^ std::uint64_t(value >> 63);
        if (z == 0)
            write(0, 1); // "0"
        else if (z < (1u << 4))
            write(0b01 | (z << 2), 6); // "10" + 4
        else if (z < (1u << 8))
            write(0b011 | (z << 3), 11); // "110" + 8
        else if (z < (1u << 13))
            write(0b0111 | (z << 4), 17); // "1110" + 13
        else if (z < (1u << 22))
            write(0b01111 | (z << 5), 27); // "11110" + 22
        else {
            write(0b11111, 5);
            write(z, 64);
        }
    }

    std::size_t bitCount() const { return m_bits; }
    std::size_t wordCount() const { return m_words.size(); }
    const std::uint64_t *words() const { return m_words.data(); }
    /// Heap bytes held, spare capacity included.
    std::size_t capacityBytes() const { return m_words.capacity() * sizeof(std::uint64_t); }

    void clear()
    {
        m_words.clear();
        m_bits = 0;
    }
    /// Gives the memory back (an open block that was sealed).
    void release()
    {
        std::vector<std::uint64_t>().swap(m_words);
        m_bits = 0;
    }

private:
    void push(std::uint64_t word)
    {
        // Grows in small steps: thousands of open blocks exist at once, and
        // doubling would leave up to half of each one unused.
        if (m_words.size() == m_words.capacity())
            m_words.reserve(m_words.capacity() + 4 + m_words.capacity() / 4);
        m_words.push_back(word);
    }

    std::vector<std::uint64_t> m_words;
    std::size_t m_bits = 0;
};

class BitReader final
{
public:
    BitReader(const std::uint64_t *words, std::size_t wordCount, std::size_t startBit = 0)
        : m_words(words), m_count(wordCount), m_pos(startBit)
    {
    }

    std::uint64_t read(unsigned bits)
    {
        if (bits == 0)
            return 0;
        const std::size_t index = m_pos >> 6;
        const unsigned offset = unsigned(m_pos & 63);
        std::uint64_t value = word(index) >> offset;
        const unsigned got = 64 - offset;
        if (bits > got)
            value |= word(index + 1) << got;
        m_pos += bits;
        return bits < 64 ? value & ((std::uint64_t(1) << bits) - 1) : value;
    }

    std::int64_t readSigned()
    {
        // The prefix is up to five 1 bits ended by a 0; peek them at once.
        const unsigned ones = unsigned(std::countr_one(peek5()));
        static constexpr unsigned Payload[6] = {0, 4, 8, 13, 22, 64};
        std::uint64_t z = 0;
        if (ones == 0) {
            m_pos += 1;
            return 0;
        }
        if (ones < 5) {
            m_pos += ones + 1;
            z = read(Payload[ones]);
        } else {
            m_pos += 5;
            z = read(64);
        }
        return std::int64_t(z >> 1) ^ -std::int64_t(z & 1);
    }

    /// The next @p bits (at most 57) without consuming them.
    std::uint64_t peek(unsigned bits) const
    {
        const std::size_t index = m_pos >> 6;
        const unsigned offset = unsigned(m_pos & 63);
        std::uint64_t value = word(index) >> offset;
        if (offset + bits > 64)
            value |= word(index + 1) << (64 - offset);
        return value & ((std::uint64_t(1) << bits) - 1);
    }
    void skip(unsigned bits) { m_pos += bits; }

    std::size_t position() const { return m_pos; }
    /// Whether a read went past the data (a damaged block).
    bool overrun() const { return (m_pos + 63) / 64 > m_count; }

private:
    std::uint64_t word(std::size_t index) const { return index < m_count ? m_words[index] : 0; }
    std::uint64_t peek5() const
    {
        const std::size_t index = m_pos >> 6;
        const unsigned offset = unsigned(m_pos & 63);
        std::uint64_t value = word(index) >> offset;
        if (offset > 59)
            value |= word(index + 1) << (64 - offset);
        return value & 0x1F;
    }

    const std::uint64_t *m_words;
    std::size_t m_count;
    std::size_t m_pos = 0;
};

/// Adaptive Golomb-Rice code for one integer field (as in lossless audio
/// and image coders): the zigzag value's low k bits go as they are, the rest
/// in unary, k following the field's recent magnitude. Noise of a few
/// hundred costs about 10 bits, a steady zero 1 bit. Values far beyond the
/// recent scale escape to 64 raw bits, and the scale moves towards them.
class AdaptiveCode final
{
public:
    void write(BitWriter &out, std::int64_t value)
    {
        const std::uint64_t z = (std::uint64_t(value) << 1) ^ std::uint64_t(value >> 63);
        const unsigned k = parameter();
        const std::uint64_t q = z >> k;
        if (q >= EscapeRun) {
            out.write((std::uint64_t(1) << EscapeRun) - 1, EscapeRun);
            out.write(z, 64);
        } else {
            out.write((std::uint64_t(1) << q) - 1, unsigned(q) + 1); // q ones, then a zero
            out.write(z, k);
        }
        update(z, k);
    }

    std::int64_t read(BitReader &in)
    {
        const unsigned k = parameter();
        const unsigned ones = unsigned(std::countr_one(in.peek(EscapeRun)));
        std::uint64_t z;
        if (ones >= EscapeRun) {
            in.skip(EscapeRun);
            z = in.read(64);
        } else {
            in.skip(ones + 1);
            z = (std::uint64_t(ones) << k) | in.read(k);
        }
        update(z, k);
        return std::int64_t(z >> 1) ^ -std::int64_t(z & 1);
    }

private:
    static constexpr unsigned EscapeRun = 20;

    unsigned parameter() const
    {
        // The smallest k with count * 2^k >= sum, without a division.
        if (m_sum <= m_count)
            return 0;
        unsigned k = unsigned(std::bit_width(m_sum) - std::bit_width(std::uint64_t(m_count)));
        if ((std::uint64_t(m_count) << k) < m_sum)
            ++k;
        return k;
    }

    void update(std::uint64_t z, unsigned k)
    {
        // An escape moves the scale at most a few-fold, so one wild value (a
        // block's first, absolute timestamp) does not inflate what follows.
        const std::uint64_t cap = k + 1 < 54 ? std::uint64_t(EscapeRun) << (k + 1) : std::uint64_t(1) << 58;
        m_sum += z < cap ? z : cap;
        if (++m_count == 16) {
            m_sum >>= 1;
            m_count >>= 1;
        }
    }

    std::uint64_t m_sum = 0;
    std::uint32_t m_count = 1;
};

/// XOR code state for one double field: each value is stored as its XOR
/// with the previous one; a zero XOR takes one bit, and the meaningful bits
/// reuse the previous window when they fit in it.
struct XorState {
    std::uint64_t previous = 0;
    unsigned leading = 65; ///< 65: no window yet
    unsigned trailing = 0;

    void write(BitWriter &out, double value) { write(out, value, previous); }

    /// XOR against @p reference (a prediction both sides can make) instead
    /// of the previous value.
    void write(BitWriter &out, double value, std::uint64_t reference)
    {
        std::uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        const std::uint64_t x = bits ^ reference;
        previous = bits;
        if (x == 0) {
            out.write(0, 1);
            return;
        }
        const unsigned lead = unsigned(std::countl_zero(x));
        const unsigned trail = unsigned(std::countr_zero(x));
        if (leading <= 64 && lead >= leading && trail >= trailing) {
            out.write(0b01, 2); // "1", "0": same window
            out.write(x >> trailing, 64 - leading - trailing);
            return;
        }
        leading = lead;
        trailing = trail;
        const unsigned meaningful = 64 - lead - trail; // 1..64
        out.write(0b11, 2); // "1", "1": new window
        out.write(lead, 6);
        out.write(meaningful - 1, 6);
        out.write(x >> trail, meaningful);
    }

    double read(BitReader &in) { return read(in, previous); }

    double read(BitReader &in, std::uint64_t reference)
    {
        std::uint64_t x = 0;
        if (in.read(1) != 0) {
            if (in.read(1) != 0) {
                leading = unsigned(in.read(6));
                const unsigned meaningful = unsigned(in.read(6)) + 1;
                trailing = leading + meaningful <= 64 ? 64 - leading - meaningful : 0;
                x = in.read(meaningful) << trailing;
            } else {
                const unsigned meaningful = leading <= 64 && leading + trailing < 64 ? 64 - leading - trailing : 64;
                x = in.read(meaningful) << trailing;
            }
        }
        previous = reference ^ x;
        double value;
        std::memcpy(&value, &previous, sizeof value);
        return value;
    }
};

/// A finished block: its words in one exact allocation.
class SealedBits final
{
public:
    SealedBits() = default;
    const std::uint64_t *words() const { return m_words.get(); }
    std::size_t wordCount() const { return m_count; }
    explicit SealedBits(const BitWriter &writer)
        : m_words(std::make_unique_for_overwrite<std::uint64_t[]>(writer.wordCount()))
        , m_count(static_cast<std::uint32_t>(writer.wordCount()))
    {
        std::memcpy(m_words.get(), writer.words(), m_count * sizeof(std::uint64_t));
    }
    BitReader reader() const { return BitReader(m_words.get(), m_count); }
    std::size_t bytes() const { return std::size_t(m_count) * sizeof(std::uint64_t); }

private:
    std::unique_ptr<std::uint64_t[]> m_words;
    std::uint32_t m_count = 0;
};

} // namespace pathlens::history
