/** A valid PCM WAV file (RIFF/WAVE, fmt, data) of the given format, with a deterministic tone. */
export function wavFile(sampleRate: number, channels: number, bitsPerSample: number, frames: number): Buffer {
  const blockAlign = (channels * bitsPerSample) / 8;
  const dataBytes = frames * blockAlign;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * blockAlign, 28);
  buf.writeUInt16LE(blockAlign, 32);
  buf.writeUInt16LE(bitsPerSample, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < frames * channels && bitsPerSample === 16; i++) {
    buf.writeInt16LE(
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * Math.floor(i / channels)) / sampleRate)),
      44 + 2 * i,
    );
  }
  return buf;
}
