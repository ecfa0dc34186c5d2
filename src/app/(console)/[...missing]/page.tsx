import { notFound } from "next/navigation";

/** Unknown console paths render the console's not-found page inside the shell. */
export default function MissingConsolePage(): never {
  notFound();
}
