/*===- startup.c - Reset and fault handling for the Cortex-M demo ----------===*
 *
 * What runs before main() on a bare Cortex-M4, M7 or M55 (QEMU's mps2-an386,
 * mps2-an500 and mps3-an547 boards): the vector table the core reads at
 * address 0, and a reset handler that turns on the FPU (and with it MVE on
 * the M55), copies .data from flash to RAM, zeroes .bss, opens the
 * semihosting channel newlib's rdimon library prints through, and exits with
 * main()'s status (QEMU ends with it). Symbols named __*_start/__*_end come
 * from sections.ld.
 *
 *===----------------------------------------------------------------------===*/

#include <stdint.h>
#include <stdlib.h>

extern uint32_t __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start__[], __bss_end__[];

extern void initialise_monitor_handles(void);
extern int main(void);

/* Coprocessor Access Control Register of the System Control Block. */
#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)

/* Semihosting SYS_EXIT (0x18) with "run-time error": QEMU exits with status 1
 * instead of spinning forever in a fault, so a crash fails a test at once. */
static void semihosting_fail(void) {
  register uint32_t reason __asm__("r0") = 0x18u;
  /* ADP_Stopped_RunTimeErrorUnknown */
  register uint32_t code __asm__("r1") = 0x20023u;
  __asm__ volatile("bkpt 0xab" : : "r"(reason), "r"(code) : "memory");
  for (;;) {
  }
}

/* Every exception but reset: the demo enables no interrupts, so reaching one
 * means a fault (bad address, unaligned access, undefined instruction). */
static void fault_handler(void) { semihosting_fail(); }

/* Runs with no .data and no .bss yet: touches neither before setting them
 * up. The FPU goes first because the compiler may use FP registers for
 * anything compiled with -mfloat-abi=hard, the copy loops included. */
void reset_handler(void) {
  uint32_t *src, *dst;
  SCB_CPACR |= 0xFu << 20; /* CP10 and CP11: full access */
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  for (src = __data_load, dst = __data_start; dst < __data_end;)
    *dst++ = *src++;
  for (dst = __bss_start__; dst < __bss_end__;)
    *dst++ = 0;
  initialise_monitor_handles();
  exit(main());
}

/* Linking with -nostartfiles leaves out crti.o/crtn.o, whose _init and _fini
 * newlib's __libc_init_array/__libc_fini_array call; there is nothing for
 * them to do here. */
void _init(void) {}
void _fini(void) {}

/* An entry of the vector table: a handler's address (Thumb bit set). */
typedef void (*vector)(void);

/* The initial stack pointer, then the handlers of the 15 system exceptions
 * (reset first); the board's external interrupts are never enabled. */
__attribute__((section(".vectors"), used)) static const vector vectors[16] = {
    (vector)__stack_top, /* initial SP */
    reset_handler,
    fault_handler, /* NMI */
    fault_handler, /* HardFault */
    fault_handler, /* MemManage */
    fault_handler, /* BusFault */
    fault_handler, /* UsageFault */
    fault_handler, /* SecureFault on Armv8-M (the M55), reserved before */
    0,
    0,
    0,
    fault_handler, /* SVCall */
    fault_handler, /* DebugMonitor */
    0,             /* reserved */
    fault_handler, /* PendSV */
    fault_handler, /* SysTick */
};
