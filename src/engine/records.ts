// What a lab's steps leave for its checks (and a later lab's), under typed keys: what is recorded is
// read back as the type it was written with, no casts.

/** A key of the run's record store; T is the type of what is kept under it. */
export interface RecordKey<T> {
  readonly id: string;
  /** Never set: carries T, so record() and recorded() agree on the type. */
  readonly type?: (value: T) => T;
}

export const recordKey = <T>(id: string): RecordKey<T> => ({ id });

/** The store one run's contexts share. */
export class Records {
  private readonly values = new Map<string, unknown>();

  set<T>(key: RecordKey<T>, value: T): void {
    this.values.set(key.id, value);
  }

  get<T>(key: RecordKey<T>): T | undefined {
    return this.values.get(key.id) as T | undefined;
  }

  /** The value under key, made by make() the first time it is asked for: work several checks share, done once. */
  once<T>(key: RecordKey<Promise<T>>, make: () => Promise<T>): Promise<T> {
    let value = this.get(key);
    if (!value) {
      value = make();
      this.set(key, value);
    }
    return value;
  }
}
