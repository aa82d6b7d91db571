import { exactText } from '../src/audit/grid.js';
import { textToFixed, numberToFixed } from '../src/linalg/fixedPoint.js';
const x = 1.6313261169996311e-55;
console.log(exactText(x), x === 2 ** -182, textToFixed(exactText(x), 247), numberToFixed(x, 247), 2n ** 65n);
