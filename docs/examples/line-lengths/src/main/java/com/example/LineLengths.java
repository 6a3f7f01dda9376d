package com.example;

import io.gristmill.mapreduce.InputLine;
import io.gristmill.mapreduce.MapContext;
import io.gristmill.mapreduce.Mapper;
import io.gristmill.mapreduce.Serde;
import io.gristmill.mapreduce.Serdes;

/** Emits (file name, line length in bytes) for every line, and counts empty lines in a user counter. */
public class LineLengths implements Mapper<String, Long> {

  @Override
  public void map(InputLine line, MapContext<String, Long> context) {
    context.emit(line.fileName(), (long) line.length());
    if (line.length() == 0) {
      context.counter("empty.lines").increment();
    }
  }

  @Override
  public Serde<String> keySerde() {
    return Serdes.utf8();
  }

  @Override
  public Serde<Long> valueSerde() {
    return Serdes.longs();
  }
}
